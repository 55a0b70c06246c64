import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import { migrateJobQueue } from '../modules/jobs/queue';
import type { Db, DbHandle } from './client';
import { causes } from './pg-errors';

const migrationsFolder = fileURLToPath(new URL('../../drizzle/migrations', import.meta.url));

// The session-level advisory lock instances starting at once take turns on (an arbitrary key of Doorstep's own).
const MIGRATION_LOCK_KEY = 1_766_017_001;

/**
 * Applies the generated migrations; the same files serve PGlite and PostgreSQL. On PostgreSQL several app instances
 * may start at once against one database: they take turns on an advisory lock, held on a connection of its own
 * while the migrations run on others, so the first applies them and the rest find nothing to do — without it both
 * raced into `create schema drizzle` and one instance died on a duplicate key.
 */
export async function runMigrations(handle: DbHandle): Promise<void> {
  if (handle.kind !== 'postgres') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    await migrateJobQueue(handle.db);
    return;
  }
  const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder });
    // The job queue's tables (pg-boss's own schema and migrations) and its queues.
    await migrateJobQueue(handle.db);
  } finally {
    // Ending the session would release it too; unlocking keeps the pooled connection reusable.
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lock.release();
  }
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
