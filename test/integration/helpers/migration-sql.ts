import { readFileSync } from 'node:fs';

/**
 * The statements of a migration file (drizzle/migrations/NAME.sql) that contain `marker` (e.g. its backfill's
 * `UPDATE`), as PostgreSQL runs them when a database is migrated: a test runs them against rows the writers made.
 */
export function migrationStatements(name: string, marker: string): string[] {
  const text = readFileSync(new URL(`../../../drizzle/migrations/${name}.sql`, import.meta.url), 'utf8');
  const found = text.split('--> statement-breakpoint').filter((s) => s.includes(marker));
  if (found.length === 0) throw new Error(`no ${marker} in migration ${name}`);
  return found;
}
