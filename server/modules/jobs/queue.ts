/**
 * The job queue (SPEC §8.4): pg-boss on the app's own database, PostgreSQL or the embedded PGlite. pg-boss keeps
 * its tables in the `pgboss` schema and migrates them itself; it talks to the database through the adapter
 * below, so the same library runs on both engines (on PGlite through its `db` option, the documented way to
 * give pg-boss a connection it does not own). A job sent with a transaction is committed with it or not at all
 * — the outbox writes a message and its send job in the change that causes it.
 *
 * Every process can send; a process works the queues once `startJobs` ran (main.ts, and tests that need jobs
 * done). A job a crashed process held is failed by the maintenance of a live process when it expires
 * (`expireInSeconds` of its queue) and retried with backoff.
 */
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../../db/client';
import { JOB_QUEUES, type JobData, type JobInfo, type JobName } from './jobs.types';

export const JOB_SCHEMA = 'pgboss';

interface SqlRunner {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** `text` with `$n` placeholders as a drizzle SQL value, so it runs on a drizzle transaction of either driver. */
function asSql(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) chunks.push(sql.raw(parts[i] as string));
    else chunks.push(sql`${sql.param(values[Number(parts[i]) - 1])}`);
  }
  return sql.join(chunks, sql``);
}

/** pg-boss's connection on a drizzle database or transaction. */
function runnerOn(db: DbOrTx): SqlRunner {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PGlite) {
    // The database itself: pg-boss's migrations are many statements in one text (exec), its queries one (query).
    return {
      executeSql: async (text, values) => {
        if (values && values.length > 0) return client.query(text, values);
        const results = await client.exec(text);
        return results[results.length - 1] ?? { rows: [] };
      },
    };
  }
  if (client && typeof (client as { query?: unknown }).query === 'function') {
    // The node-postgres pool: without values a text runs as a simple query (several statements allowed).
    const pool = client as { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
    return { executeSql: (text, values) => pool.query(text, values && values.length > 0 ? values : undefined) };
  }
  // A transaction (either driver): one statement per call, committed or rolled back with the transaction.
  return {
    executeSql: async (text, values) => {
      const result = (await (db as Db).execute(asSql(text, values ?? []))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

export interface SendOptions {
  /** Not before this instant (held until the borrower's allowed hours open, a reminder's day …). */
  startAfter?: Date;
  /** At most one job with this key is queued or running in the queue (pg-boss singletonKey). */
  singletonKey?: string;
}

export type JobHandler<N extends JobName> = (data: JobData[N], job: JobInfo) => Promise<void>;

export interface Jobs {
  /** Enqueues a job on `db`: a transaction commits it with its change; the database queues it at once. */
  send<N extends JobName>(db: DbOrTx, name: N, data: JobData[N], opts?: SendOptions): Promise<string | null>;
  /**
   * Works the queue `name` in this process with `concurrency` jobs at once. A handler that throws fails the job,
   * retried by the queue's policy (JOB_QUEUES).
   */
  work<N extends JobName>(name: N, handler: JobHandler<N>, opts?: { concurrency?: number }): Promise<void>;
  /**
   * Runs a failed job again (pg-boss `retry`, which also grants it one more attempt); on a transaction, committed
   * with it. Jobs in any other state are left as they are.
   */
  retry(db: DbOrTx, name: JobName, id: string): Promise<void>;
  /** pg-boss itself, for what this module does not wrap (admin views, retries, schedules). */
  readonly boss: PgBoss;
  /** Whether this process works queues (startJobs ran). */
  readonly working: boolean;
  /** Stops working queues; jobs in progress are failed and retried by the queue's policy. */
  stop(): Promise<void>;
}

/** How often a working process asks for new jobs, and checks for expired ones (seconds). */
export interface JobTiming {
  pollingIntervalSeconds: number;
  maintenanceIntervalSeconds: number;
}

const DEFAULT_TIMING: JobTiming = { pollingIntervalSeconds: 2, maintenanceIntervalSeconds: 15 };

const registry = new WeakMap<Db, JobsImpl>();

/** How long a failed job stays retryable on the Jobs page (pg-boss archives it then). */
const FAILED_KEPT_SECONDS = 7 * 24 * 60 * 60;

function newBoss(db: Db, timing: JobTiming): PgBoss {
  return new PgBoss({
    db: runnerOn(db) as PgBoss.Db,
    schema: JOB_SCHEMA,
    supervise: true,
    schedule: true,
    migrate: true,
    maintenanceIntervalSeconds: timing.maintenanceIntervalSeconds,
    monitorStateIntervalSeconds: 30,
    // Done jobs leave the `job` table (for `archive`) after pg-boss's 12 hours; failed ones stay a week, so the
    // admin's Jobs page still shows them, with their error, and can retry them after a weekend.
    archiveFailedAfterSeconds: FAILED_KEPT_SECONDS,
  });
}

class JobsImpl implements Jobs {
  boss: PgBoss;
  working = false;
  private timing = DEFAULT_TIMING;

  constructor(private readonly db: Db) {
    this.boss = newBoss(db, DEFAULT_TIMING);
  }

  async send<N extends JobName>(db: DbOrTx, name: N, data: JobData[N], opts: SendOptions = {}) {
    return this.boss.send(name, data as object, {
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      db: runnerOn(db) as PgBoss.Db,
    });
  }

  async retry(db: DbOrTx, name: JobName, id: string) {
    await this.boss.retry(name, id, { db: runnerOn(db) as PgBoss.Db });
  }

  async work<N extends JobName>(name: N, handler: JobHandler<N>, opts: { concurrency?: number } = {}) {
    const concurrency = Math.max(1, opts.concurrency ?? 1);
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<JobData[N]>(
        name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.timing.pollingIntervalSeconds },
        async ([job]) => {
          if (!job) return;
          await handler(job.data, { id: job.id, name, retryCount: job.retryCount });
        },
      );
    }
  }

  async start(log: Logger, timing: JobTiming) {
    if (this.working) return;
    this.timing = timing;
    // pg-boss reads its intervals when constructed; the sending-only instance holds no state to carry over.
    this.boss = newBoss(this.db, timing);
    this.boss.on('error', (err) => log.error({ err }, 'job queue error'));
    await this.boss.start();
    this.working = true;
  }

  async stop() {
    if (!this.working) return;
    this.working = false;
    await this.boss.stop({ graceful: true, timeout: 5_000, close: false });
    registry.delete(this.db);
  }
}

/** The queue of a database: sends only, until `startJobs` makes this process work it. */
export function jobsFor(db: Db): Jobs {
  let jobs = registry.get(db);
  if (!jobs) {
    jobs = new JobsImpl(db);
    registry.set(db, jobs);
  }
  return jobs;
}

/**
 * Creates pg-boss's schema (or migrates it to this pg-boss version) and the queues of JOB_QUEUES. Run with the
 * database migrations (db/migrate.ts), before anything sends a job.
 */
export async function migrateJobQueue(db: Db): Promise<void> {
  const boss = new PgBoss({
    db: runnerOn(db) as PgBoss.Db,
    schema: JOB_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: true,
  });
  await boss.start();
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const [name, policy] of Object.entries(JOB_QUEUES)) {
    if (existing.has(name)) await boss.updateQueue(name, { name, ...policy });
    else await boss.createQueue(name, { name, ...policy });
  }
  await boss.stop({ graceful: false, close: false });
}

/**
 * Makes this process work the queues: pg-boss's supervision (expired jobs of dead processes are failed and
 * retried) and schedules start, then `register` attaches each queue's handler.
 */
export async function startJobs(
  db: Db,
  log: Logger,
  register: (jobs: Jobs) => Promise<void>,
  timing: Partial<JobTiming> = {},
): Promise<Jobs> {
  const jobs = jobsFor(db) as JobsImpl;
  await jobs.start(log, { ...DEFAULT_TIMING, ...timing });
  await register(jobs);
  return jobs;
}
