import { performance } from 'node:perf_hooks';
import { TransactionRollbackError } from 'drizzle-orm';
import type { Logger } from 'pino';
import { addDays } from '../../shared/time';
import type { Db, DbOrTx } from '../db/client';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { Env } from '../env';
import { sessionUserWithoutSession } from '../modules/auth/auth.service';
import { jobsFor } from '../modules/jobs/queue';
import type { Context, SessionUser } from '../trpc/context';
import { createCaller } from '../trpc/root';
import type { WarmUpStatus } from './readiness';
import {
  boundWarmUpStatements,
  findVisitsToTouch,
  findWarmUpCast,
  touchVisitCounts,
  type WarmUpCast,
} from './warmup.repo';

/**
 * Each hot read runs this many times on each connection: PostgreSQL plans a prepared statement's first five
 * executions for their values (custom plans) and only from the sixth may keep a generic plan (plancache.c), so a
 * connection that ran a text six times is as cheap for it as it will get.
 */
export const WARM_UP_ROUNDS = 6;
/** The warm-up's whole time, after which the process serves cold rather than stay unready. */
export const WARM_UP_LIMIT_MS = 30_000;
/** Each warm-up statement's limit, and its wait for a lock a request holds (it gives up, never the request). */
const STATEMENT_MS = 5_000;
const LOCK_MS = 500;
/** Unauthenticated requests through Fastify and the tRPC adapter, for the JIT of the HTTP path. */
const HTTP_REQUESTS = 50;

/** An app to send requests to in-process (Fastify's inject). */
interface Injector {
  inject(opts: { method: 'GET'; url: string }): PromiseLike<{ statusCode: number }>;
}

export interface WarmUpDeps {
  db: Db;
  reportsDb: Db;
  env: Env;
  log: Logger;
  sessionSecret: string;
  /** Connections of the main pool and of the reports' pool (DbHandle): each is opened and warmed. */
  connections: number;
  reportsConnections: number;
  /** The HTTP app, to warm its request path too. */
  app?: Injector;
  limitMs?: number;
  now?: () => Date;
}

/** What a warm-up did, for the log and the tests. */
export interface WarmUpReport {
  outcome: 'done' | 'cut short' | 'failed';
  ms: number;
  /** Procedure calls made, connections whose transaction ran to its rollback, rolled-back visit writes. */
  calls: number;
  connectionsWarmed: number;
  writesRolledBack: number;
  /** The first error met (a connection's warm-up stops at its first error; the others go on). */
  error?: unknown;
}

type Users = { dispatcher: SessionUser | null; agent: SessionUser | null; reader: SessionUser | null };

/**
 * Warms a new process's database connections before a load balancer sends it traffic (docs/scale.md, session 32).
 * A connection's first requests pay PostgreSQL's first-use costs — the backend's start, its relation caches, each
 * hot statement parsed and planned for its values five times before a generic plan, the 0028 recount trigger's
 * PL/pgSQL compiled and its statements planned (50–145 ms) — and the app's code is not yet compiled by V8. This
 * opens every connection of both pools at once, each in a transaction of its own, and plays on each what the hot
 * procedures run (field.today, dispatch.day, the worklist and its search, through the tRPC router as a user of the
 * database) WARM_UP_ROUNDS times, then one visit write that runs the trigger, and rolls it all back: nothing is
 * written (no live event either: those are NOTIFYs, sent only at commit). Bounded three ways: each statement
 * (statement_timeout) and lock wait (lock_timeout) of its transactions, and the whole (limitMs), after which the
 * process serves cold. It never throws and never fails the start; /readyz is not ready while it runs.
 */
export class PoolWarmUp implements WarmUpStatus {
  private state: 'not started' | 'warming' | WarmUpReport['outcome'] = 'not started';
  private stopped = false;
  private report: WarmUpReport | null = null;
  /** Settles when the warm-up's work has ended: later than run() when the limit cut it short. */
  finished: Promise<void> = Promise.resolve();

  get warming(): boolean {
    return this.state === 'warming';
  }

  /** Ends it early (a shutdown): what runs stops at its next step and rolls back. */
  stop(): void {
    this.stopped = true;
  }

  describe(): string {
    if (this.state === 'done') return 'ok';
    if (this.state === 'warming') return 'warming up';
    if (this.state === 'not started') return 'not started';
    return `${this.state} after ${Math.round(this.report?.ms ?? 0)} ms (serving cold)`;
  }

  async run(deps: WarmUpDeps): Promise<WarmUpReport> {
    this.state = 'warming';
    const started = performance.now();
    const counts = { calls: 0, connectionsWarmed: 0, writesRolledBack: 0 };
    let error: unknown;
    const noteError = (err: unknown) => {
      error ??= err;
    };
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'cut short'>((resolve) => {
      timer = setTimeout(() => resolve('cut short'), deps.limitMs ?? WARM_UP_LIMIT_MS);
      timer.unref();
    });
    const work = this.warm(deps, counts, noteError).then(
      () => (error === undefined ? ('done' as const) : ('failed' as const)),
      (err: unknown) => {
        noteError(err);
        return 'failed' as const;
      },
    );
    this.finished = work.then(() => undefined);
    const outcome = await Promise.race([work, limit]);
    clearTimeout(timer);
    // Past the limit the transactions still running stop at their next call and roll back.
    this.stopped = true;
    const report: WarmUpReport = {
      outcome,
      ms: performance.now() - started,
      ...counts,
      ...(error === undefined ? {} : { error }),
    };
    this.report = report;
    this.state = outcome;
    const fields = { ms: Math.round(report.ms), ...counts };
    if (outcome === 'done') deps.log.info(fields, 'database connections warmed up');
    else {
      deps.log.warn(
        { ...fields, err: error, reason: isDatabaseUnavailable(error) ? 'database unreachable' : undefined },
        `warm-up ${outcome}; serving with connections not warmed`,
      );
    }
    return report;
  }

  private async warm(
    deps: WarmUpDeps,
    counts: Omit<WarmUpReport, 'outcome' | 'ms' | 'error'>,
    noteError: (err: unknown) => void,
  ): Promise<void> {
    if (deps.app) {
      for (let i = 0; i < HTTP_REQUESTS && !this.stopped; i++)
        await deps.app.inject({ method: 'GET', url: '/trpc/auth.me' });
    }
    const { cast, visits } = await this.inBoundedTransaction(deps.db, async (tx) => ({
      cast: await findWarmUpCast(tx),
      visits: await findVisitsToTouch(tx, deps.connections),
    }));
    const users = await this.usersOf(deps.db, cast);
    const ctx = (db: Db, reportsDb: Db, user: SessionUser | null): Context => ({
      db,
      reportsDb,
      env: deps.env,
      log: deps.log,
      user,
      locale: 'en',
      ip: '127.0.0.1',
      userAgent: 'doorstep warm-up',
      sessionSecret: deps.sessionSecret,
      now: deps.now ?? (() => new Date()),
      jobs: jobsFor(deps.db),
      origin: 'http://localhost',
      cookies: { set: () => undefined, clear: () => undefined },
    });

    // Every connection of the main pool at once: each transaction holds one until it rolls back.
    let day: string | null = null;
    await Promise.all(
      Array.from({ length: deps.connections }, (_, i) =>
        this.inBoundedTransaction(deps.db, async (tx) => {
          const as = (user: SessionUser) => createCaller(ctx(tx as unknown as Db, deps.reportsDb, user));
          let q: string | null = null;
          for (let round = 0; round < WARM_UP_ROUNDS && !this.stopped; round++) {
            if (users.agent) {
              await as(users.agent).field.today({});
              counts.calls++;
            }
            const teamId = users.dispatcher?.teamIds[0];
            if (users.dispatcher && teamId) {
              const board = await as(users.dispatcher).dispatch.day({ teamId });
              day = board.date;
              const page = await as(users.dispatcher).appointments.worklist({ teamId });
              // What a dispatcher types: the tail of a loan reference (one statement text for any search).
              q ??= page.rows[0]?.loanRef.slice(-4) ?? null;
              counts.calls += 2;
              if (q) {
                await as(users.dispatcher).appointments.worklist({ teamId, q });
                counts.calls++;
              }
            }
          }
          const visitId = visits[i];
          if (visitId && !this.stopped) {
            await touchVisitCounts(tx, visitId);
            counts.writesRolledBack++;
          }
          counts.connectionsWarmed++;
        }).catch(noteError),
      ),
    );
    // Then the reports' connections (PGlite: the one database again); a report reads through both pools.
    const reader = users.reader;
    if (!reader || this.stopped) return;
    const to = day ?? new Date().toISOString().slice(0, 10);
    const filter = { from: addDays(to, -29), to };
    const reportConnections = deps.reportsDb === deps.db ? 1 : deps.reportsConnections;
    await Promise.all(
      Array.from({ length: reportConnections }, () =>
        this.inBoundedTransaction(deps.reportsDb, async (tx) => {
          const one = deps.reportsDb === deps.db;
          const caller = createCaller(ctx(one ? (tx as unknown as Db) : deps.db, tx as unknown as Db, reader));
          await caller.reports.dashboard(filter);
          await caller.reports.visits({ filter, page: 0, pageSize: 25 });
          counts.calls += 2;
          counts.connectionsWarmed++;
        }).catch(noteError),
      ),
    );
  }

  /** `work` in a transaction with the warm-up's bounds, always rolled back; its result. */
  private async inBoundedTransaction<T>(db: Db, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
    // Set inside the transaction's callback (an assertion, so that the check below is not narrowed away).
    let result = undefined as { value: T } | undefined;
    try {
      await db.transaction(async (tx) => {
        await boundWarmUpStatements(tx, STATEMENT_MS, LOCK_MS);
        result = { value: await work(tx) };
        tx.rollback();
      });
    } catch (err) {
      if (!(err instanceof TransactionRollbackError)) throw err;
    }
    if (!result) throw new Error('the warm-up transaction ended without a result');
    return result.value;
  }

  private async usersOf(db: Db, cast: WarmUpCast): Promise<Users> {
    const load = (id: string | null) => (id ? sessionUserWithoutSession(db, id) : Promise.resolve(null));
    const [dispatcher, agent, reader] = await Promise.all([
      load(cast.dispatcherId),
      load(cast.agentId),
      load(cast.readerId),
    ]);
    return { dispatcher, agent, reader };
  }
}
