import { createHash } from 'node:crypto';
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
import { beginOnLiveConnections, listenForLostConnections, retryLostReads } from './lost-connections';
import { isTransactionCollision } from './pg-errors';

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

/** How many texts one connection keeps prepared, and the most parameters a prepared text may have (see below). */
export const PREPARED_PER_CONNECTION = 200;
const PREPARED_MAX_PARAMS = 128;

/** The name a statement text is prepared under on a connection: a hash of the text, so one text is one statement. */
export const statementName = (text: string, prefix = 'q') =>
  `${prefix}_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;

/** The name a drizzle statement is prepared under to be named by its text on its connection (runNamed). */
const NAMED_BY_TEXT = 'doorstep_named_by_text';

/**
 * Names the statements the pool's connections run, by their text: each connection parses and plans a named text once
 * and then only binds and executes it (after five custom plans PostgreSQL keeps a generic one when it costs no more).
 * With `every` (the main pool) every statement with parameters is named: the hot reads and writes are a few dozen
 * fixed texts run thousands of times, and parsing and planning them anew took 4–14 ms of PostgreSQL's time per
 * request (the log's parse and bind durations; docs/scale.md, session 24). A statement without parameters is left
 * alone: it may be several statements in one text (migrations), which only the simple protocol runs. Without
 * `every` (the reports' pool: a report's texts vary with its filters and periods) only a statement run through
 * runNamed is. A connection keeps one statement per distinct text it ran, and at most PREPARED_PER_CONNECTION of
 * them: texts vary with `in (…)` lists and multi-row inserts (imports), and neither the server's session nor the
 * driver ever forgets a prepared statement, so a long-lived connection would otherwise grow without bound. Past the
 * cap, and for a statement with more than PREPARED_MAX_PARAMS parameters (a bulk write, run once), a text runs
 * unnamed.
 */
export function nameStatements(pool: pg.Pool, every: boolean): void {
  const prefix = every ? 'q' : 'r';
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const prepared = new Set<string>();
    client.query = ((config: unknown, ...rest: unknown[]) => {
      const c = config as { text?: unknown; name?: unknown; values?: unknown } | null;
      if (!c || typeof c !== 'object' || typeof c.text !== 'string') return query(config, ...rest);
      const byText = c.name === NAMED_BY_TEXT;
      if (c.name && !byText) return query(config, ...rest);
      if (byText || every) {
        const values = Array.isArray(c.values) ? c.values : rest[0];
        const count = Array.isArray(values) ? values.length : 0;
        if ((count > 0 || byText) && count <= PREPARED_MAX_PARAMS) {
          const name = statementName(c.text, prefix);
          if (prepared.has(name) || prepared.size < PREPARED_PER_CONNECTION) {
            prepared.add(name);
            return query({ ...c, name }, ...rest);
          }
        }
      }
      return query(byText ? { ...c, name: undefined } : config, ...rest);
    }) as typeof client.query;
  });
}

/**
 * Sends a connection's statements one at a time: a statement asked for while another runs on the same connection (a
 * transaction whose work reads several things at once, Promise.all — the warm-up plays whole procedures on one) is
 * sent when that one has settled. node-postgres queued it itself but warns that it will stop doing so in pg@9
 * ("client.query() while already executing"). A connection with nothing running sends at once.
 */
export function oneQueryAtATime(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    /** Settles when the last statement asked for has settled; null when none runs. */
    let tail: Promise<void> | null = null;
    client.query = ((...args: unknown[]) => {
      // The pool's own single statements (callback form) and submittables (cursors) go as they come.
      const first = args[0] as { submit?: unknown } | null;
      if (typeof args[args.length - 1] === 'function' || typeof first?.submit === 'function') return query(...args);
      const run = (tail ? tail.then(() => query(...args)) : query(...args)) as Promise<unknown>;
      const settled: Promise<void> = run.then(
        () => undefined,
        () => undefined,
      );
      tail = settled;
      void settled.then(() => {
        if (tail === settled) tail = null;
      });
      return run;
    }) as typeof client.query;
  });
}

/** A pool as every Doorstep pool is set up; `settings` are extra `-c` options of its sessions. */
function openPool(opts: DbOptions, max: number, settings = ''): pg.Pool {
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
  oneQueryAtATime(pool);
  listenForLostConnections(pool);
  retryLostReads(pool);
  return pool;
}

/** Opens PostgreSQL when a URL is given, otherwise an embedded PGlite database under the data dir. */
export async function openDb(opts: DbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = openPool(opts, MAIN_POOL_CONNECTIONS);
    // The hot reads' and the writes' pool; the reports' statements vary with the period and scope (a generic plan
    // for a month of one team would be the plan of every period), so their pool plans each statement anew unless
    // a report asks for it to be named (runNamed).
    nameStatements(pool, true);
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
      ` -c statement_timeout=${reports.statementTimeoutMs} -c max_parallel_workers_per_gather=0 -c work_mem=32MB`,
    );
    nameStatements(reportsPool, false);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    beginOnLiveConnections(db, pool);
    runBeforeCommit(db);
    retryCollidingTransactions(db);
    const reportsDb = drizzlePg(reportsPool, { schema }) as unknown as Db;
    beginOnLiveConnections(reportsDb, reportsPool);
    runBeforeCommit(reportsDb);
    retryCollidingTransactions(reportsDb);
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

/** How often a transaction PostgreSQL aborted for colliding with another (deadlock, serialization) is run again. */
const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs a whole transaction again when PostgreSQL aborted it for colliding with a concurrent one (40P01
 * deadlock, 40001 serialization failure): it was rolled back entirely, so running it again is safe, and the
 * caller gets one clear answer instead of a 500. Two changes locking the same rows in opposite orders can
 * deadlock (writers no longer meet in the audit chain's lock mid-transaction: it is taken last, before-commit.ts).
 * Savepoints (tx.transaction) are not retried: only the outer transaction can be. The work may run more than
 * once: anything it does outside the database (in-process state, files, live events) must be done after the
 * commit or undone when the work starts again.
 */
export function retryCollidingTransactions(db: Db): void {
  const run = db.transaction.bind(db);
  db.transaction = (async (work, config) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(work, config);
      } catch (err) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isTransactionCollision(err)) throw err;
        // A short random pause so the two colliding transactions do not meet again in step.
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }) as Db['transaction'];
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
