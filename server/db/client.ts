import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from '../../drizzle/schema';

export type Schema = typeof schema;
/** The one database type above the driver: PGlite and node-postgres both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repositories take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string;
  /** Directory for PGlite files; `memory://` for an in-memory database (tests). */
  dataDir: string;
  /** Told when PostgreSQL drops an idle pooled connection (restart, failover, terminated backend). */
  onConnectionLost?: (err: Error) => void;
}

/** Opens PostgreSQL when a URL is given, otherwise an embedded PGlite database under the data dir. */
export async function openDb(opts: DbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection the server ends is emitted as 'error' on the pool; without a listener Node ends the
    // process. The pool has already discarded that connection and opens a new one for the next query.
    pool.on('error', (err) => opts.onConnectionLost?.(err));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  let target = opts.dataDir;
  if (!target.startsWith('memory://')) {
    target = path.resolve(opts.dataDir, 'pglite');
    mkdirSync(target, { recursive: true });
  }
  const client = await PGlite.create(target);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close() };
}
