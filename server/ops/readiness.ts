import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { pendingMigrations } from '../db/migrate';
import { isDatabaseUnavailable } from '../db/unavailable';
import { jobsFor } from '../modules/jobs/queue';

/** How long the readiness probe waits for the database before calling it not ready. */
export const PROBE_TIMEOUT_MS = 2_000;

/** The start's warm-up of the database connections (ops/warmup.ts), as readiness sees it. */
export interface WarmUpStatus {
  readonly warming: boolean;
  /** `ok`, `warming up`, or how it ended when it did not finish (the process then serves cold). */
  describe(): string;
}

export interface ReadinessDeps {
  db: Db;
  /** This process works the job queue (main.ts starts it): readiness then includes it. */
  worksJobs: boolean;
  /** This process warms its connections at start (main.ts): not ready until that has ended. */
  warmUp?: WarmUpStatus;
  probeTimeoutMs?: number;
}

/** Each check's verdict: `ok`, or what is wrong, in words an operator reads. */
export interface Readiness {
  ready: boolean;
  notReady: string[];
  checks: { database: string; migrations: string; jobs: string; warmUp: string };
  /** The error behind a failed database or migrations check, for the log. */
  error?: unknown;
}

/** `work` or a rejection after `ms` (the timer does not keep the process alive). */
function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

class ProbeTimeout extends Error {}

// The answer is public (a load balancer reads it): it says what is wrong, never the driver's message with host
// names or SQL in it; that goes to the log.
const describe = (err: unknown) =>
  err instanceof ProbeTimeout ? err.message : isDatabaseUnavailable(err) ? 'unreachable' : 'query failed';

/**
 * Whether this instance should get traffic: its start's warm-up has ended (a cold process's first requests are
 * several times slower, docs/scale.md session 32; a warm-up that failed or ran out of time has ended too), the
 * database answers within the bound, every migration this code ships is applied there (a newer instance's schema or
 * a half-migrated database is no place to serve from), and the job queue runs when this process is meant to work it.
 * Never throws.
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const ms = deps.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const warmUp = deps.warmUp ? deps.warmUp.describe() : 'not run by this process';
  if (deps.warmUp?.warming) {
    // The warm-up holds every pool connection until it ends: a probe query would only queue behind it.
    const later = 'not checked (warming up)';
    return {
      ready: false,
      notReady: ['warm-up'],
      checks: { database: later, migrations: later, jobs: later, warmUp },
    };
  }
  const checks = { database: 'ok', migrations: 'not checked (database not ready)', jobs: 'ok', warmUp };
  let error: unknown;
  let stage: 'database' | 'migrations' = 'database';
  try {
    await bounded(deps.db.execute(sql`select 1`), ms);
    stage = 'migrations';
    const pending = await bounded(pendingMigrations(deps.db), ms);
    checks.migrations = pending.length === 0 ? 'ok' : `not applied: ${pending.join(', ')}`;
  } catch (err) {
    checks[stage] = describe(err);
    error = err;
  }
  if (!deps.worksJobs) checks.jobs = 'not worked by this process';
  else if (!jobsFor(deps.db).working) checks.jobs = 'stopped';
  const notReady = [
    ...(checks.database === 'ok' ? [] : ['database']),
    ...(checks.database === 'ok' && checks.migrations !== 'ok' ? ['migrations'] : []),
    ...(deps.worksJobs && checks.jobs !== 'ok' ? ['jobs'] : []),
  ];
  return { ready: notReady.length === 0, notReady, checks, ...(error === undefined ? {} : { error }) };
}
