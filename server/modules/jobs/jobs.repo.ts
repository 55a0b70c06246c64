/**
 * SQL on pg-boss's own tables for the admin's view of the queue. pg-boss keeps jobs in `job` until they are
 * archived (completed ones after a while, see docs/jobs.md); this view reads `job` only: what is waiting,
 * running, failed and recently done — and only jobs there can be retried.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { JobQueueName, JobState } from '../../../shared/domain/jobs';
import type { DbOrTx } from '../../db/client';
import { JOB_SCHEMA } from './queue';

const jobTable = sql.raw(`${JOB_SCHEMA}.job`);

async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** How many jobs each queue has in each state. */
export async function countJobsByQueueAndState(db: DbOrTx) {
  return rows<{ queue: string; state: JobState; n: number }>(
    db,
    sql`select name as queue, state::text as state, count(*)::int as n from ${jobTable} group by name, state`,
  );
}

/**
 * How many jobs wait (created, retry) or run (active) per queue: pg-boss's state enum is ordered, so
 * `< 'completed'` is those three (waiting ones through pg-boss's own partial index job_i5).
 */
export async function countUnfinishedJobs(db: DbOrTx) {
  return rows<{ queue: string; state: JobState; n: number }>(
    db,
    sql`select name as queue, state::text as state, count(*)::int as n from ${jobTable}
         where state < 'completed' group by name, state`,
  );
}

export interface JobRow {
  id: string;
  queue: string;
  state: JobState;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** What the handler's error left (pg-boss `output`), for failed and retried jobs only. */
  output: unknown;
  total: number;
}

const at = (v: unknown) => (v == null ? null : new Date(v as string));

/** A page of jobs, newest first, with the number of jobs the filter matches. */
export async function findJobs(
  db: DbOrTx,
  filter: { queue?: JobQueueName; state?: JobState; limit: number; offset: number },
): Promise<{ total: number; rows: Omit<JobRow, 'total'>[] }> {
  const where: SQL[] = [sql`true`];
  if (filter.queue) where.push(sql`name = ${filter.queue}`);
  if (filter.state) where.push(sql`state::text = ${filter.state}`);
  const found = await rows<Record<string, unknown>>(
    db,
    sql`select id::text as id, name as queue, state::text as state, retry_count, retry_limit, created_on,
               started_on, completed_on,
               case when state in ('failed', 'retry') then output end as output,
               count(*) over ()::int as total
          from ${jobTable}
         where ${sql.join(where, sql` and `)}
         order by created_on desc, id
         limit ${filter.limit} offset ${filter.offset}`,
  );
  const total = (found[0]?.total as number | undefined) ?? (filter.offset > 0 ? await countJobs(db, where) : 0);
  return {
    total,
    rows: found.map((r) => ({
      id: r.id as string,
      queue: r.queue as string,
      state: r.state as JobState,
      retryCount: r.retry_count as number,
      retryLimit: r.retry_limit as number,
      createdOn: at(r.created_on) as Date,
      startedOn: at(r.started_on),
      completedOn: at(r.completed_on),
      output: r.output ?? null,
    })),
  };
}

/** The count alone, for a page past the end (the windowed count comes with rows only). */
async function countJobs(db: DbOrTx, where: SQL[]): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${jobTable} where ${sql.join(where, sql` and `)}`,
  );
  return row?.n ?? 0;
}

/** One job's state, locked until the transaction ends (a retry decides on it). */
export async function lockJob(db: DbOrTx, queue: JobQueueName, id: string): Promise<JobState | null> {
  const [row] = await rows<{ state: JobState }>(
    db,
    sql`select state::text as state from ${jobTable} where name = ${queue} and id = ${id}::uuid for update`,
  );
  return row?.state ?? null;
}
