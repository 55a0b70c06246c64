import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrateJobQueue } from '../modules/jobs/queue';
import type { Db, DbHandle } from './client';
import { causes } from './pg-errors';

const migrationsFolder = fileURLToPath(new URL('../../drizzle/migrations', import.meta.url));

/** Applies the generated migrations; the same files serve PGlite and PostgreSQL. */
export async function runMigrations(handle: DbHandle): Promise<void> {
  if (handle.kind === 'postgres') {
    await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder });
  } else {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  }
  // The job queue's tables (pg-boss's own schema and migrations) and its queues.
  await migrateJobQueue(handle.db);
}

/** The generated migrations (drizzle's journal): tag and the instant drizzle records when it applies one. */
let shipped: Array<{ tag: string; when: number }> | undefined;
function journal(): Array<{ tag: string; when: number }> {
  if (!shipped) {
    const file = `${migrationsFolder}/meta/_journal.json`;
    shipped = (JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<{ tag: string; when: number }> }).entries;
  }
  return shipped;
}

/**
 * The tags of the migrations this code ships that the database has not applied (drizzle records each applied one
 * by its journal instant), in journal order; empty when the schema is what the code expects. An instance started
 * against a database another (older or newer) instance migrated reads it here instead of failing on a query.
 */
export async function pendingMigrations(db: Db): Promise<string[]> {
  let applied: Set<number>;
  try {
    const result = (await db.execute(
      sql`select created_at::text as at from drizzle.__drizzle_migrations`,
    )) as unknown as {
      rows: Array<{ at: string }>;
    };
    applied = new Set(result.rows.map((r) => Number(r.at)));
  } catch (err) {
    // 42P01/3F000: no migration was ever applied here (no table, no schema).
    if (![...causes(err)].some((e) => e.code === '42P01' || e.code === '3F000')) throw err;
    applied = new Set();
  }
  return journal()
    .filter((m) => !applied.has(m.when))
    .map((m) => m.tag);
}
