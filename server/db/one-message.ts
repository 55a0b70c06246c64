/**
 * Statements sent to the server as one message (the simple query protocol): the server runs them one after the
 * other without waiting for the app between them, each with a snapshot of its own (READ COMMITTED), so a statement
 * sees what committed while an earlier one of the message waited for a lock. For a short critical section under a
 * lock every writer shares: the app's steps between statements are what a loaded process makes slow (docs/scale.md,
 * session 32). The simple protocol takes no parameters: values go in as literals (sqlLiteral). PGlite (one
 * connection, no waiting) runs them through its exec, also in one call.
 */
import type { Tx } from './client';

/** A text literal PostgreSQL reads the same whatever standard_conforming_strings says (E'' form), or null. */
export function sqlLiteral(value: string | null): string {
  if (value === null) return 'null';
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

interface SimpleClient {
  /** PGlite: runs a text of several statements. */
  exec?: (text: string) => Promise<unknown>;
  /** node-postgres: a text without values goes by the simple protocol, several statements allowed. */
  query: (text: string) => Promise<unknown>;
}

/** Runs `statements` (texts without parameters) in the transaction `tx` as one message; their results are dropped. */
export async function runInOneMessage(tx: Tx, statements: string[]): Promise<void> {
  const client = (tx as unknown as { session: { client: SimpleClient } }).session.client;
  const text = statements.join(';\n');
  if (typeof client.exec === 'function') await client.exec(text);
  else await client.query(text);
}
