/**
 * Every layer Doorstep puts between its code and node-postgres, installed here in one order (openDb calls
 * `layerPool` on each pool and `layerTransactions` on each drizzle database over it). From the caller down:
 *
 * A statement outside a transaction (`db.select(…)`, `db.execute(…)`: drizzle calls `pool.query`)
 *  1. retryLostReads (lost-connections.ts) wraps `pool.query`: a read-only statement that met a lost connection
 *     runs once more, on another connection. It needs the pool, so it sits above any one connection; and a
 *     statement inside a transaction runs on the transaction's own client, never through `pool.query`, so it is
 *     never retried (its transaction is gone with the connection).
 *  2. pg-pool checks a connection out and calls its `client.query`, which two wrappers installed on 'connect' hold:
 *     nameStatements (outer) names the statement by its text, then oneQueryAtATime (inner) sends it when the
 *     connection's previous statement has settled. 'connect' listeners run in the order added, each wrapping what
 *     the one before left, so the one added last is the outer one. Either order would send the same statements
 *     under the same names (naming is decided when a statement is asked for, in the order asked); the order is
 *     fixed here so that nobody has to work that out again.
 *  3. node-postgres.
 * A transaction (`db.transaction(work)`)
 *  1. retryCollidingTransactions wraps `db.transaction`: a transaction PostgreSQL aborted for colliding with another
 *     (40P01, 40001) runs again whole. Outermost, so each attempt is a whole new transaction — a new connection,
 *     BEGIN, the work, the deferred hooks (whose audit-chain lock is where writers meet) and COMMIT — and a hook's
 *     collision is retried like the work's.
 *  2. runBeforeCommit (before-commit.ts) wraps what is below: the work's deferred hooks run after it, before COMMIT;
 *     each attempt starts with nothing deferred.
 *  3. drizzle's `db.transaction` calls `session.transaction`, which beginOnLiveConnections (lost-connections.ts)
 *     replaces: it checks a connection out, and a BEGIN that met a lost connection begins once more on another.
 *  4. The transaction's statements go through that connection's `client.query`: step 2 and 3 above, not step 1.
 * Every connection also gets an error listener for its whole life (listenForLostConnections).
 * PGlite (one in-process connection, no pool) has only runBeforeCommit (openDb).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { runBeforeCommit } from './before-commit';
import type { Db } from './client';
import { beginOnLiveConnections, listenForLostConnections, retryLostReads } from './lost-connections';
import { isTransactionCollision } from './pg-errors';

/** Every layer of a pool's statements, in the order above; `nameEvery`: see nameStatements. */
export function layerPool(pool: pg.Pool, opts: { nameEvery: boolean }): void {
  oneQueryAtATime(pool);
  nameStatements(pool, opts.nameEvery);
  listenForLostConnections(pool);
  retryLostReads(pool);
}

/** Every layer of a transaction of `db` (a drizzle database over `pool`), in the order above. */
export function layerTransactions(db: Db, pool: pg.Pool): void {
  beginOnLiveConnections(db, pool);
  runBeforeCommit(db);
  retryCollidingTransactions(db);
}

/** How many texts one connection keeps prepared, and the most parameters a prepared text may have (see below). */
export const PREPARED_PER_CONNECTION = 200;
const PREPARED_MAX_PARAMS = 128;

/** The name a statement text is prepared under on a connection: a hash of the text, so one text is one statement. */
const statementName = (text: string, prefix = 'q') =>
  `${prefix}_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;

/** The name a drizzle statement is prepared under to be named by its text on its connection (runNamed). */
export const NAMED_BY_TEXT = 'doorstep_named_by_text';

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
function nameStatements(pool: pg.Pool, every: boolean): void {
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
function oneQueryAtATime(pool: pg.Pool): void {
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
