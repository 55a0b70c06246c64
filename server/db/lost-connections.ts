/**
 * What a pool does when PostgreSQL has ended one of its connections (a restart, a failover, pg_terminate_backend).
 * The pool learns that an idle connection is gone only when its process reads that socket: a busy process (a loaded
 * machine) may first hand the dead connection to a statement, which then fails with 57P01 or "Connection terminated"
 * although the database is up again. Three things make that one failure cost nothing, or one request, instead of the
 * process:
 *  - every connection has an error listener for its whole life: node-postgres emits 'error' on a checked-out client
 *    whose connection ends, and pg-pool listens only while the client is idle, so a transaction's connection ended
 *    under it was an unhandled 'error' event — the process exited;
 *  - a transaction whose BEGIN met a lost connection gives that connection back (drizzle sent BEGIN outside its
 *    try: the client was never released, a pool slot lost for good) and starts once more on another: BEGIN alone
 *    changed nothing, so nothing is run twice;
 *  - a read-only statement outside a transaction that met a lost connection runs once more on another.
 * Never retried: a statement inside a transaction (its transaction is gone with the connection) or a write outside
 * one (it may have run before the connection ended: its outcome is unknown).
 */
import { type SQL, sql } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db } from './client';
import { isDatabaseUnavailable } from './unavailable';

/**
 * A statement that only reads: a single SELECT, no row locks, none of the functions with effects Doorstep calls in
 * a select (a notification, an advisory lock, a setting, a sequence, another backend). A data-modifying CTE starts
 * with WITH, never SELECT; Doorstep's own functions are triggers, which a select does not fire.
 */
const READ_ONLY = /^\s*select\b/i;
const HAS_EFFECTS =
  /\bfor\s+(update|no\s+key\s+update|share|key\s+share)\b|\b(pg_notify|pg_advisory\w*|set_config|nextval|setval|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|lo_\w+)\s*\(/i;

export function isReadOnlyStatement(text: unknown): boolean {
  return typeof text === 'string' && READ_ONLY.test(text) && !HAS_EFFECTS.test(text);
}

/**
 * Until the event loop has read the sockets that were ready together with the failed one: a termination ends every
 * idle connection at once, and each of them is dropped from the pool only when its own socket is read.
 */
const socketsRead = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Gives every connection of `pool` an error listener for its whole life (see the head of this file). It has nothing
 * to do: the statement that used the connection fails with the error, and an idle connection's reaches the pool's
 * own 'error' listener (openPool).
 */
export function listenForLostConnections(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
}

/** Runs a read-only statement outside a transaction once more, on another connection, when it met a lost one. */
export function retryLostReads(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  pool.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    // The callback form (no caller in Doorstep) goes as it comes.
    if (typeof values === 'function' || typeof callback === 'function') return query(config, values, callback);
    // The text is looked at only when the statement failed: a happy statement pays one catch handler.
    return query(config, values).catch(async (err: unknown) => {
      const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
      if (!isDatabaseUnavailable(err) || !isReadOnlyStatement(text)) throw err;
      await socketsRead();
      return query(config, values);
    });
  }) as typeof pool.query;
}

/** drizzle's text of a transaction's options (isolation level, access mode), as its own transaction writes it. */
const configOf = (tx: unknown, config: unknown) =>
  (tx as unknown as { getTransactionConfigSQL(c: unknown): SQL }).getTransactionConfigSQL(config);

interface SessionInternals {
  dialect: ConstructorParameters<typeof NodePgSession>[1];
  schema: ConstructorParameters<typeof NodePgSession>[2];
  options: ConstructorParameters<typeof NodePgSession>[3];
  transaction: Db['transaction'];
}

/**
 * drizzle's node-postgres transaction, with BEGIN inside its care: a connection lost at BEGIN is released as broken
 * and the transaction begins once more on another; a connection lost later is released as broken too (the pool
 * drops it), and a ROLLBACK that fails neither hides the error that ended the work nor goes back to the pool.
 */
export function beginOnLiveConnections(db: Db, pool: pg.Pool): void {
  const session = (db as unknown as { session: SessionInternals }).session;
  const { dialect, schema, options } = session;
  session.transaction = (async (work, config) => {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      const tx = new NodePgTransaction(dialect, new NodePgSession(client, dialect, schema, options), schema);
      let begun = false;
      let broken: Error | undefined;
      try {
        await tx.execute(sql`begin${config ? sql` ${configOf(tx, config)}` : undefined}`);
        begun = true;
        try {
          const result = await work(tx as unknown as Parameters<typeof work>[0]);
          await tx.execute(sql`commit`);
          return result;
        } catch (err) {
          // A ROLLBACK that fails leaves the connection in no known state: the pool drops it.
          await tx.execute(sql`rollback`).catch((lost: unknown) => {
            broken = lost instanceof Error ? lost : new Error(String(lost));
          });
          throw err;
        }
      } catch (err) {
        if (isDatabaseUnavailable(err)) broken ??= err instanceof Error ? err : new Error(String(err));
        if (begun || !broken || attempt >= 2) throw err;
      } finally {
        client.release(broken);
      }
      await socketsRead();
    }
  }) as Db['transaction'];
}
