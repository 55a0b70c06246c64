import { statementName } from '../../db/client';

/**
 * Runs `query` as a statement prepared on its connection under a name made from its text. The reports' pool names
 * no statement by itself (server/db/client.ts: a report's texts vary with its filters), so a text a report runs on
 * every call with only its values changing (one per order and scope shape) is named here, and each connection
 * plans it once instead of on every call (docs/scale.md, sessions 30 and 32).
 */
export function runNamed<T>(query: { toSQL(): { sql: string }; prepare(name: string): { execute(): Promise<T> } }) {
  return query.prepare(statementName(query.toSQL().sql, 'r')).execute();
}
