/**
 * The admin's Jobs page on the real router and queue: counts per queue and state, the recent jobs filtered and
 * paged, a failed job's error without its secrets, and Retry running a failed job again. Admin only; hostile
 * filters are a 400 naming the field.
 */
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../drizzle/schema';
import { type Jobs, jobsFor, startJobs } from '../../server/modules/jobs/queue';
import { createCaller } from '../../server/trpc/root';
import { appCode, failure, rows } from './helpers/calls';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';

/** What a gateway error could quote: a secret header, a URL with a password. */
const LEAKY = 'gateway refused: X-Signature: sig-0123456789abcdef, url postgres://app:hunter2hunter2@db/x';

describe('the admin Jobs page: what the queue holds, what failed and why, and a retry', () => {
  const demo = setUpDemoCity();
  let jobs: Jobs;
  const runs: string[] = [];
  let broken = true;

  beforeAll(async () => {
    // This process works plan.solve with a handler of the test's own: it fails while `broken` (twice: the
    // queue's retryLimit is 1), then succeeds.
    jobs = await startJobs(
      demo.handle.db,
      pino({ level: 'silent' }),
      async (j) => {
        await j.work('plan.solve', async (data) => {
          runs.push(data.runId);
          if (data.runId.startsWith('fails') && broken) throw new Error(LEAKY);
        });
      },
      { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
    );
  }, 60_000);
  afterAll(async () => jobs?.stop());

  const as = (role: 'admin' | 'dispatcher' | 'manager' | 'agent', locale: 'en' | 'zh-CN' = 'en') =>
    createCaller(makeContext(demo.handle, demo.users[role], { locale }));
  const stateOf = async (id: string) =>
    (await rows<{ state: string }>(demo.handle, sql`select state::text as state from pgboss.job where id = ${id}`))[0]
      ?.state;
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 600; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the queue never got there');
  };

  let failedId = '';
  let doneIds: string[] = [];

  it('counts every queue in every state, lists the newest first, filtered and paged', async () => {
    const queue = jobsFor(demo.handle.db);
    failedId = (await queue.send(demo.handle.db, 'plan.solve', { runId: 'fails-1' })) as string;
    doneIds = [];
    for (let i = 0; i < 6; i++)
      doneIds.push((await queue.send(demo.handle.db, 'plan.solve', { runId: `ok-${i}` })) as string);
    await until(async () => (await stateOf(failedId)) === 'failed');
    await until(async () => (await Promise.all(doneIds.map(stateOf))).every((s) => s === 'completed'));

    const counts = await as('admin').jobs.counts();
    expect(counts.map((c) => c.queue)).toEqual(['message.send', 'message.reminders', 'plan.solve']);
    const plan = counts.find((c) => c.queue === 'plan.solve')?.counts;
    expect(plan).toEqual({ created: 0, retry: 0, active: 0, completed: 6, cancelled: 0, failed: 1 });

    const failed = await as('admin').jobs.list({ queue: 'plan.solve', state: 'failed' });
    expect(failed.total).toBe(1);
    const [job] = failed.jobs;
    expect(job).toMatchObject({ id: failedId, queue: 'plan.solve', state: 'failed', retryCount: 1, retryLimit: 1 });
    expect(job?.startedOn).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The error says what happened, without the secret header value, the URL's password or a stack.
    expect(job?.error).toContain('gateway refused');
    expect(job?.error).not.toContain('sig-0123456789abcdef');
    expect(job?.error).not.toContain('hunter2');
    expect(job?.error).toContain('[redacted]');
    expect(job?.error).not.toMatch(/\bat .*\.ts:\d+/);

    // Paged in SQL: 7 jobs of plan.solve, 5 a page; completed jobs carry no error.
    const first = await as('admin').jobs.list({ queue: 'plan.solve', pageSize: 5 });
    const second = await as('admin').jobs.list({ queue: 'plan.solve', pageSize: 5, page: 1 });
    expect([first.total, second.total]).toEqual([7, 7]);
    expect([first.jobs.length, second.jobs.length]).toEqual([5, 2]);
    const all = [...first.jobs, ...second.jobs];
    expect(new Set(all.map((j) => j.id))).toEqual(new Set([failedId, ...doneIds]));
    const created = all.map((j) => j.createdOn);
    expect(created).toEqual([...created].sort().reverse());
    expect(all.filter((j) => j.state === 'completed').every((j) => j.error === null)).toBe(true);
    const past = await as('admin').jobs.list({ queue: 'plan.solve', pageSize: 5, page: 9 });
    expect(past).toMatchObject({ total: 7, jobs: [] });
    expect((await as('admin').jobs.list({ queue: 'message.send' })).total).toBe(0);
  });

  it('Retry runs a failed job again, once more, and is audited', async () => {
    broken = false;
    const before = runs.filter((r) => r === 'fails-1').length;
    expect(await as('admin').jobs.retry({ queue: 'plan.solve', id: failedId })).toEqual({
      id: failedId,
      state: 'retry',
    });
    await until(async () => (await stateOf(failedId)) === 'completed');
    expect(runs.filter((r) => r === 'fails-1').length).toBe(before + 1);
    const [job] = (await as('admin').jobs.list({ queue: 'plan.solve', state: 'completed' })).jobs.filter(
      (j) => j.id === failedId,
    );
    expect(job).toMatchObject({ retryCount: 2, retryLimit: 2, error: null });
    const audit = await demo.handle.db.select().from(auditLog).where(eq(auditLog.entityId, failedId));
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([['job.retry', demo.users.admin.id]]);
  });

  it('only a failed job can be retried; an unknown one is not found — in the caller’s language', async () => {
    const done = await failure(as('admin').jobs.retry({ queue: 'plan.solve', id: doneIds[0] as string }));
    expect(done.code).toBe('CONFLICT');
    expect(appCode(done)).toBe('JOB_NOT_FAILED');
    expect(done.message).toContain('completed');
    const zh = await failure(as('admin', 'zh-CN').jobs.retry({ queue: 'plan.solve', id: doneIds[0] as string }));
    expect(appCode(zh)).toBe('JOB_NOT_FAILED');
    expect(zh.message).toContain('只有失败的任务可以重试');
    // A job id of another queue is not found in this one.
    const missing = await failure(as('admin').jobs.retry({ queue: 'message.send', id: failedId }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(appCode(missing)).toBe('JOB_NOT_FOUND');
    const zhMissing = await failure(as('admin', 'zh-CN').jobs.retry({ queue: 'message.send', id: failedId }));
    expect(zhMissing.message).toContain('没有该任务');
    expect(zhMissing.message).not.toBe(missing.message);
  });

  it('is the admin’s alone', async () => {
    for (const role of ['dispatcher', 'manager', 'agent'] as const) {
      expect((await failure(as(role).jobs.counts())).code).toBe('FORBIDDEN');
      expect((await failure(as(role).jobs.list({}))).code).toBe('FORBIDDEN');
      expect((await failure(as(role).jobs.retry({ queue: 'plan.solve', id: failedId }))).code).toBe('FORBIDDEN');
    }
    expect(await stateOf(failedId)).toBe('completed');
  });

  it('hostile filters are a 400 naming the field, in the caller’s language', async () => {
    const admin = (locale: 'en' | 'zh-CN') => as('admin', locale);
    const cases: Array<[string, (c: ReturnType<typeof as>) => Promise<unknown>]> = [
      ['queue', (c) => c.jobs.list({ queue: "plan.solve'; drop table pgboss.job; --" as never })],
      ['state', (c) => c.jobs.list({ state: 'FAILED' as never })],
      ['page', (c) => c.jobs.list({ page: -1 })],
      ['pageSize', (c) => c.jobs.list({ pageSize: 100_000 })],
      ['pageSize', (c) => c.jobs.list({ pageSize: 1.5 })],
      ['id', (c) => c.jobs.retry({ queue: 'plan.solve', id: "' or 1=1 --" })],
      ['queue', (c) => c.jobs.retry({ queue: 'pgboss.job' as never, id: failedId })],
    ];
    for (const [field, call] of cases) {
      const en = await clientAnswer(demo.handle, call(admin('en')), 'en');
      const zh = await clientAnswer(demo.handle, call(admin('zh-CN')), 'zh-CN');
      expect(en.code).toBe('BAD_REQUEST');
      expect(Object.keys(en.fieldErrors)).toEqual([field]);
      expect(Object.keys(zh.fieldErrors)).toEqual([field]);
      expect(zh.fieldErrors[field]).not.toBe(en.fieldErrors[field]);
    }
    expect((await as('admin').jobs.counts()).length).toBe(3);
  });
});
