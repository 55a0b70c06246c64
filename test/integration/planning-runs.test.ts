import type { TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planRuns, visits } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { type Jobs, jobsFor } from '../../server/modules/jobs/queue';
import { WORKER_ID } from '../../server/modules/planning/planning.worker';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { appCode, failure } from './helpers/calls';
import { createTestDb, makeContext } from './helpers/db';
import { seedDemoUsers, TODAY } from './helpers/demo';
import { settledPlan, startPlanners } from './helpers/plan-run';

type Caller = ReturnType<typeof createCaller>;

/**
 * Two app processes on one database, inside one test: process B is a second copy of the server's modules
 * (a fresh module graph, so nothing held in a module variable of A is visible to it) sharing A's database.
 */
describe('auto-plan runs live in the database: any process reports, cancels and applies them', () => {
  let handle: DbHandle;
  let users: Awaited<ReturnType<typeof seedDemoUsers>>;
  let teamId: string;
  let onA: Caller;
  let onB: Caller;
  let planners: Jobs;

  beforeAll(async () => {
    handle = await createTestDb();
    // Runs are solved by whichever process works the queue: here, this one.
    planners = await startPlanners(handle);
    users = await seedDemoUsers(handle);
    teamId = users.dispatcher.teamIds[0] as string;
    onA = createCaller(makeContext(handle, users.dispatcher));
    vi.resetModules();
    const processB = await import('../../server/trpc/root');
    expect(processB.createCaller).not.toBe(createCaller);
    onB = processB.createCaller(makeContext(handle, users.dispatcher)) as Caller;
  }, 120_000);
  afterAll(async () => {
    await planners?.stop();
    await handle?.close();
  });

  it('a plan started on A is polled to done on B, applied on B once, and its assignments are seen on A', async () => {
    const day = addDays(TODAY, 2);
    const started = await onA.planning.start({ teamId, date: day, timeLimitMs: 1000 });
    const done = await settledPlan(onB, started.runId);
    expect(done.state).toBe('done');
    expect(done.progress?.iteration).toBeGreaterThan(0);
    const planned = done.preview?.crews.flatMap((c) => c.stops.map((s) => s.visitId)) ?? [];
    expect(planned.length).toBeGreaterThan(0);

    // Applied from both processes at once (two dispatcher tabs): it is applied once, the other is told so.
    const keys = [`plan-b-${started.runId}`, `plan-a-${started.runId}`] as const;
    const results = await Promise.allSettled([
      onB.planning.commit({ runId: started.runId, idempotencyKey: keys[0] }),
      onA.planning.commit({ runId: started.runId, idempotencyKey: keys[1] }),
    ]);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    const loser = results[1 - winner];
    expect(loser?.status).toBe('rejected');
    const again = (loser as PromiseRejectedResult).reason as TRPCError;
    expect(again.code).toBe('CONFLICT');
    expect(appCode(again)).toBe('PLAN_ALREADY_APPLIED');
    const applied = (results[winner] as PromiseFulfilledResult<{ assigned: number }>).value;
    expect(applied.assigned).toBe(planned.length);
    // A retry of the winning request answers the same, on either process.
    const key = keys[winner] as string;
    expect(await onA.planning.commit({ runId: started.runId, idempotencyKey: key })).toEqual(applied);
    expect(await onB.planning.commit({ runId: started.runId, idempotencyKey: key })).toEqual(applied);
    expect((await onA.planning.status({ runId: started.runId })).applied).toBe(true);

    const board = await onA.dispatch.day({ teamId, date: day });
    const assigned = board.visits.filter((v) => v.status === 'assigned').map((v) => v.id);
    expect(assigned.sort()).toEqual([...planned].sort());
  }, 60_000);

  it('cancel on B stops the solver on A within a tick; the best plan so far becomes the preview', async () => {
    const day = addDays(TODAY, 3);
    const timeLimitMs = 30_000;
    const started = await onA.planning.start({ teamId, date: day, timeLimitMs });
    let s = await onB.planning.status({ runId: started.runId });
    while (s.state === 'running' && !s.progress) {
      await new Promise((r) => setTimeout(r, 100));
      s = await onB.planning.status({ runId: started.runId });
    }
    expect(s.state).toBe('running');
    expect(await onB.planning.cancel({ runId: started.runId })).toEqual({ runId: started.runId, state: 'running' });
    const done = await settledPlan(onB, started.runId);
    expect(done.state).toBe('done');
    expect(done.cancelled).toBe(true);
    // Stopped by the cancel, not by its time limit.
    expect(done.solveMs).toBeLessThan(timeLimitMs);
    expect(done.preview?.crews.length).toBeGreaterThan(0);
    const [row] = await handle.db
      .select({ solution: planRuns.solution, heartbeatAt: planRuns.heartbeatAt, finishedAt: planRuns.finishedAt })
      .from(planRuns)
      .where(eq(planRuns.id, started.runId));
    expect(row?.solution).not.toBeNull();
    expect(row?.heartbeatAt).toBeInstanceOf(Date);
    expect(row?.finishedAt).toBeInstanceOf(Date);
  }, 60_000);

  it("another user's run is not theirs to see, cancel or apply (as before)", async () => {
    const started = await onA.planning.start({ teamId, date: addDays(TODAY, 4), timeLimitMs: 300 });
    await settledPlan(onA, started.runId);
    const admin = createCaller(makeContext(handle, users.admin));
    // One call at a time: calls started together reject before the loop awaits them (an unhandled rejection).
    for (const attempt of [
      () => admin.planning.status({ runId: started.runId }),
      () => admin.planning.cancel({ runId: started.runId }),
      () => admin.planning.commit({ runId: started.runId, idempotencyKey: `admin-${started.runId}` }),
    ]) {
      expect(appCode(await failure(attempt()))).toBe('PLAN_NOT_FOUND');
    }
  }, 60_000);

  it('a run whose process died (stale heartbeat) reads as failed with a clear error and does not block the day', async () => {
    const day = addDays(TODAY, 5);
    const started = await onA.planning.start({ teamId, date: day, timeLimitMs: 300 });
    await settledPlan(onA, started.runId);
    // The same run as a process that died mid-solve left it: running, its last heartbeat long ago.
    await handle.db.execute(sql`
      insert into plan_runs (user_id, team_id, plan_date, from_now, time_limit_ms, state, worker_id, heartbeat_at, input)
      select user_id, team_id, plan_date, from_now, time_limit_ms, 'running', 'a-process-that-died',
             now() - interval '10 minutes', input
        from plan_runs where id = ${started.runId}`);
    const [orphan] = await handle.db
      .select({ id: planRuns.id })
      .from(planRuns)
      .where(eq(planRuns.workerId, 'a-process-that-died'));
    const runId = orphan?.id as string;
    const s = await onB.planning.status({ runId });
    expect(s.state).toBe('failed');
    expect(s.error).toMatch(/stopped .*start auto-plan again/i);
    expect(
      (await createCaller(makeContext(handle, users.dispatcher, { locale: 'zh-CN' })).planning.status({ runId })).error,
    ).toMatch(/重新自动排班/);
    // It never turns into a preview that could be applied, and says why.
    expect(appCode(await failure(onB.planning.commit({ runId, idempotencyKey: `orphan-${runId}` })))).toBe(
      'PLAN_WORKER_LOST',
    );
    // The team-day can be planned again at once.
    const next = await onB.planning.start({ teamId, date: day, timeLimitMs: 300 });
    expect(next.runId).not.toBe(runId);
    expect((await settledPlan(onB, next.runId)).state).toBe('done');
  }, 60_000);

  it('runs older than the preview lifetime are swept when a run starts', async () => {
    const started = await onA.planning.start({ teamId, date: addDays(TODAY, 6), timeLimitMs: 300 });
    await settledPlan(onA, started.runId);
    await handle.db.execute(
      sql`update plan_runs set started_at = now() - interval '2 hours' where id = ${started.runId}`,
    );
    const next = await onB.planning.start({ teamId, date: addDays(TODAY, 6), timeLimitMs: 300 });
    await settledPlan(onB, next.runId);
    const left = await handle.db.select({ id: planRuns.id }).from(planRuns).where(eq(planRuns.id, started.runId));
    expect(left).toEqual([]);
    expect(appCode(await failure(onA.planning.status({ runId: started.runId })))).toBe('PLAN_NOT_FOUND');
  }, 60_000);

  it('nothing is written to the visits until the plan is applied', async () => {
    const day = addDays(TODAY, 1);
    const before = await handle.db
      .select({ id: visits.id, version: visits.version })
      .from(visits)
      .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, day)))
      .orderBy(visits.id);
    const started = await onB.planning.start({ teamId, date: day, timeLimitMs: 300 });
    expect((await settledPlan(onA, started.runId)).state).toBe('done');
    const after = await handle.db
      .select({ id: visits.id, version: visits.version })
      .from(visits)
      .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, day)))
      .orderBy(visits.id);
    expect(after).toEqual(before);
  }, 60_000);

  /**
   * A run and its `plan.solve` job as a process left them when it was killed holding the job: the job active since
   * long before its expiry, the run taken by `workerId` (null: killed before it took the run).
   */
  const killedHolding = async (workerId: string | null) => {
    const started = await onA.planning.start({ teamId, date: addDays(TODAY, 1), timeLimitMs: 300 });
    await settledPlan(onA, started.runId);
    const inserted = (await handle.db.execute(sql`
      insert into plan_runs (user_id, team_id, plan_date, from_now, time_limit_ms, state, worker_id, heartbeat_at, input)
      select user_id, team_id, plan_date, from_now, time_limit_ms, 'running', ${workerId}::text,
             ${workerId ? sql`(now() - interval '10 minutes')` : sql`null::timestamptz`}, input
        from plan_runs where id = ${started.runId}
      returning id`)) as unknown as { rows: Array<{ id: string }> };
    const runId = inserted.rows[0]?.id as string;
    // Sent for later, then made "active since an hour ago" as its dead holder left it (no planner fetches it first).
    const jobId = (await jobsFor(handle.db).send(
      handle.db,
      'plan.solve',
      { runId },
      { startAfter: new Date(Date.now() + 3_600_000) },
    )) as string;
    await handle.db.execute(
      sql`update pgboss.job set state = 'active', started_on = now() - interval '1 hour', start_after = now() - interval '1 hour' where id = ${jobId}`,
    );
    return { runId, jobId };
  };
  const jobAfterRetry = async (jobId: string) => {
    for (let i = 0; i < 600; i++) {
      const r = (await handle.db.execute(
        sql`select state, retry_count from pgboss.job where id = ${jobId}`,
      )) as unknown as { rows: Array<{ state: string; retry_count: number }> };
      const job = r.rows[0];
      if (job && job.state === 'completed') return job;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('job never came back');
  };

  it('a process killed mid-solve: its job expires and comes back once, and the retry fails the run (PLAN_WORKER_LOST), not solves it', async () => {
    const { runId, jobId } = await killedHolding('a-process-that-was-killed');
    const job = await jobAfterRetry(jobId);
    expect(job.retry_count).toBe(1);
    const [row] = await handle.db
      .select({
        state: planRuns.state,
        error: planRuns.error,
        workerId: planRuns.workerId,
        solution: planRuns.solution,
      })
      .from(planRuns)
      .where(eq(planRuns.id, runId));
    expect(row).toEqual({
      state: 'failed',
      error: 'PLAN_WORKER_LOST',
      workerId: 'a-process-that-was-killed',
      solution: null,
    });
    const s = await onB.planning.status({ runId });
    expect(s.state).toBe('failed');
    expect(s.error).toMatch(/stopped .*start auto-plan again/i);
  }, 60_000);

  it('a process killed after taking the job but before taking the run: the retry solves the run', async () => {
    const { runId, jobId } = await killedHolding(null);
    expect((await onA.planning.status({ runId })).waiting).toBe(true);
    expect((await jobAfterRetry(jobId)).retry_count).toBe(1);
    const done = await settledPlan(onB, runId);
    expect(done.state).toBe('done');
    expect(done.preview?.crews.length).toBeGreaterThan(0);
    const [row] = await handle.db.select({ workerId: planRuns.workerId }).from(planRuns).where(eq(planRuns.id, runId));
    expect(row?.workerId).toBe(WORKER_ID);
  }, 60_000);
});
