import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from '../../drizzle/schema';
import { runBeforeCommit } from './before-commit';
import { layerPool, layerTransactions, NAMED_BY_TEXT } from './pool-layers';

type Schema = typeof schema;
/** The one database type above the driver: PGlite and node-postgres both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repositories take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  /**
   * Where the reports run: on PostgreSQL a small pool of its own whose statements time out, so reports queue for
   * their few connections instead of taking the hot reads'; on PGlite (one connection anyway) the same as db.
   */
  reportsDb: Db;
  kind: 'pglite' | 'postgres';
  /** Connections the main pool and the reports' pool open at most (PGlite: one database connection, both 1). */
  connections: number;
  reportsConnections: number;
  close(): Promise<void>;
}

interface DbOptions {
  databaseUrl?: string;
  /** Directory for PGlite files; `memory://` for an in-memory database (tests). */
  dataDir: string;
  /** Told when PostgreSQL drops an idle pooled connection (restart, failover, terminated backend). */
  onConnectionLost?: (err: Error) => void;
  /** The reports' pool (PostgreSQL): its size and statement_timeout (REPORTS_DB_CONNECTIONS, …_TIMEOUT_MS). */
  reports?: { connections: number; statementTimeoutMs: number };
}

const REPORTS_DEFAULTS = { connections: 2, statementTimeoutMs: 20_000 };
/** The main pool's size per process: the hot reads and every write. */
const MAIN_POOL_CONNECTIONS = 10;

/**
 * A pool as every Doorstep pool is set up, with its layers (pool-layers.ts); `settings` are extra `-c` options of its
 * sessions, `nameEvery` whether every statement with parameters is prepared under a name (nameStatements).
 */
function openPool(opts: DbOptions, max: number, nameEvery: boolean, settings = ''): pg.Pool {
  // JIT off: the reports' per-visit lookups (the latest outcome of each visit) make the planner's cost of a
  // month's dashboard pass jit_above_cost, and compiling it took 1.4 s for a query that runs in 0.3 s
  // (EXPLAIN ANALYZE on the lender preset; docs/scale.md). Queries here are short; none gains from JIT.
  // Connections stay open when idle (pg's default closes them after 10 s): a connection's prepared statements, its
  // generic plans and its backend's catalog caches are what make a hot read cheap, and a new one pays all of it
  // again — the backend's start and authentication, then five custom plans per statement text before a generic one
  // (docs/scale.md, session 27). The pool hands out the most recently used connection first, so under a light
  // load the last few went idle, closed and reopened with every burst. At most `max` per pool stay open.
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max,
    idleTimeoutMillis: 0,
    options: `-c jit=off${settings}`,
  });
  // An idle connection the server ends is emitted as 'error' on the pool; without a listener Node ends the
  // process. The pool has already discarded that connection and opens a new one for the next query.
  pool.on('error', (err) => opts.onConnectionLost?.(err));
  layerPool(pool, { nameEvery });
  return pool;
}

/** Opens PostgreSQL when a URL is given, otherwise an embedded PGlite database under the data dir. */
export async function openDb(opts: DbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    // The hot reads' and the writes' pool names every statement; the reports' statements vary with the period and
    // scope (a generic plan for a month of one team would be the plan of every period), so their pool plans each
    // statement anew unless a report asks for it to be named (runNamed).
    const pool = openPool(opts, MAIN_POOL_CONNECTIONS, true);
    const reports = opts.reports ?? REPORTS_DEFAULTS;
    // No parallel workers for a report: each report statement then uses one core, so the pool's size bounds the
    // cores reports take from the hot reads (a month's grouped counts planned 2 workers, i.e. 3 cores, and under
    // load ran slower than alone: 914 vs 462 ms for a manager's 5 teams; docs/scale.md, session 22).
    // work_mem 32 MB: the admin's month of grouped counts sorts 90,000 visits (15.5 MB) for its grouping sets, and
    // at the default 4 MB spilled 39 MB to disk (EXPLAIN ANALYZE, 90-day preset; session 23). At most
    // REPORTS_DB_CONNECTIONS sessions per process carry it.
    const reportsPool = openPool(
      opts,
      reports.connections,
      false,
      ` -c statement_timeout=${reports.statementTimeoutMs} -c max_parallel_workers_per_gather=0 -c work_mem=32MB`,
    );
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    layerTransactions(db, pool);
    const reportsDb = drizzlePg(reportsPool, { schema }) as unknown as Db;
    layerTransactions(reportsDb, reportsPool);
    return {
      db,
      reportsDb,
      kind: 'postgres',
      connections: MAIN_POOL_CONNECTIONS,
      reportsConnections: reports.connections,
      close: async () => {
        await Promise.all([pool.end(), reportsPool.end()]);
      },
    };
  }
  let target = opts.dataDir;
  if (!target.startsWith('memory://')) {
    target = path.resolve(opts.dataDir, 'pglite');
    mkdirSync(target, { recursive: true });
  }
  const client = await PGlite.create(target);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  // One in-process connection, no pool: of the layers (pool-layers.ts) only the deferred work before COMMIT.
  runBeforeCommit(db);
  return {
    db,
    reportsDb: db,
    kind: 'pglite',
    connections: 1,
    reportsConnections: 1,
    close: () => client.close(),
  };
}

/** A built query (drizzle's select and execute builders). */
interface Executable<T> {
  execute(): Promise<T>;
}

/**
 * Runs `query` as a named prepared statement, named by a hash of its text: on PostgreSQL each pooled connection
 * parses and plans a text once and then reuses the plan, instead of planning it on every call. For the hot reads
 * whose planning cost more than their execution (the cases worklist: every filter chip's subquery and the promise
 * definition's joins are planned anew each time). The values stay bound parameters; a different text (another
 * filter, sort or team count) is another statement. The main pool's connections name every statement with
 * parameters so (nameStatements, within its caps), so the query is built once and run: until session 30
 * this built it twice (its text for the name, then drizzle's `prepare(name)` built it again; docs/scale.md). Named
 * statements need a session-pooling proxy (PgBouncer in transaction mode only from 1.21 with
 * max_prepared_statements) — see docs/scale.md. PGlite runs it as it comes.
 */
export function runPrepared<T>(query: Executable<T>): Promise<T> {
  return query.execute();
}

/**
 * Runs a drizzle statement prepared on its connection under a name made from its text, on either pool: for a text
 * run on every call with only its values changing (a report's, one per order and scope shape), so that each
 * connection plans it once instead of on every call (docs/scale.md, sessions 30–33). The statement is built once:
 * drizzle's `prepare` gets a placeholder name that the pool's connections replace with the text's (nameStatements).
 * PGlite ignores the name.
 */
export function runNamed<T>(query: { prepare(name: string): { execute(): Promise<T> } }): Promise<T> {
  return prepareNamed(query).execute();
}

/**
 * runNamed's statement, prepared and not yet run: for a statement built once with placeholders and run with their
 * values on every call (`execute({ … })`), so that drizzle does not build its text again (server/db/named.ts).
 */
export function prepareNamed<P>(query: { prepare(name: string): P }): P {
  return query.prepare(NAMED_BY_TEXT);
}
