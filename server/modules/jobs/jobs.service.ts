/**
 * The admin's view of the job queue (SPEC §8.4): how many jobs each queue has in each state, the recent jobs with
 * their attempts and (redacted) errors, and a retry for a failed one. Admin only (jobs.router.ts).
 */
import { JOB_STATES, type JobQueueName, type JobState } from '../../../shared/domain/jobs';
import { AppError } from '../../../shared/errors';
import type { JobListInput, JobRetryInput } from '../../../shared/schemas/jobs';
import { withIsoInstants } from '../../../shared/wire';
import type { Db } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { redactJobError } from './jobs.redact';
import { countJobsByQueueAndState, countUnfinishedJobs, findJobs, lockJob } from './jobs.repo';
import { JOB_QUEUES, type JobName } from './jobs.types';

/** Every queue of the server, in its order; compiling fails here when a queue is missing from JOB_QUEUE_NAMES. */
const QUEUES: readonly JobQueueName[] = Object.keys(JOB_QUEUES) as JobName[];

const zeroCounts = () => Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;

/** Per queue, the number of its jobs in each state (zeros included, so the table has every cell). */
export async function jobCounts(ctx: AuthedContext) {
  const byQueue = new Map(QUEUES.map((q) => [q as string, zeroCounts()]));
  for (const row of await countJobsByQueueAndState(ctx.db)) {
    const counts = byQueue.get(row.queue) ?? zeroCounts();
    counts[row.state] = row.n;
    byQueue.set(row.queue, counts);
  }
  return [...byQueue].map(([queue, counts]) => ({ queue, counts }));
}

/** Jobs waiting (created, retry) and running (active) per queue and state, zeros included: the queue's depth. */
export async function queueDepth(db: Db) {
  const depth: Array<{ queue: string; state: 'created' | 'retry' | 'active'; n: number }> = [];
  const found = new Map((await countUnfinishedJobs(db)).map((r) => [`${r.queue} ${r.state}`, r.n]));
  for (const queue of QUEUES)
    for (const state of ['created', 'retry', 'active'] as const)
      depth.push({ queue, state, n: found.get(`${queue} ${state}`) ?? 0 });
  return depth;
}

/** The secrets a job's error must never show (an HTTP client's error may quote a request). */
function secretsOf(ctx: AuthedContext) {
  return [ctx.env.SMS_GATEWAY_SECRET, ctx.env.SESSION_SECRET, ctx.env.ADMIN_PASSWORD, ctx.sessionSecret];
}

/** A page of the most recent jobs (newest first), filtered by queue and state. */
export async function listJobs(ctx: AuthedContext, input: JobListInput) {
  const found = await findJobs(ctx.db, {
    queue: input.queue,
    state: input.state,
    limit: input.pageSize,
    offset: input.page * input.pageSize,
  });
  const secrets = secretsOf(ctx);
  return {
    total: found.total,
    page: input.page,
    pageSize: input.pageSize,
    jobs: found.rows.map(({ output, ...job }) => ({ ...withIsoInstants(job), error: redactJobError(output, secrets) })),
  };
}

/**
 * Runs a failed job again, now, with one more attempt (pg-boss `retry`); the retry is audited. A job that is not
 * failed (waiting, running, done, or already retried by another admin) is refused with JOB_NOT_FAILED.
 */
export async function retryJob(ctx: AuthedContext, input: JobRetryInput) {
  return ctx.db.transaction(async (tx) => {
    const state = await lockJob(tx, input.queue, input.id);
    if (!state) throw new AppError('JOB_NOT_FOUND', { id: input.id });
    if (state !== 'failed') throw new AppError('JOB_NOT_FAILED', { state });
    await ctx.jobs.retry(tx, input.queue, input.id);
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      action: 'job.retry',
      entityType: 'job',
      entityId: input.id,
      before: { queue: input.queue, state },
      after: { state: 'retry' },
      at: ctx.now(),
    });
    return { id: input.id, state: 'retry' as const };
  });
}
