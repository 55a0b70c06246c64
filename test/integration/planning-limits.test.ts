import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { planRuns } from '../../drizzle/schema';
import type { Db } from '../../server/db/client';
import { retryCollidingTransactions } from '../../server/db/pool-layers';
import { MAX_WAITING_RUNS } from '../../server/modules/planning/planning.service';
import { MAX_SOLVING_PER_PROCESS, WORKER_ID } from '../../server/modules/planning/planning.worker';
import { createCaller } from '../../server/trpc/root';
import type { AppError } from '../../shared/errors';
import { addDays } from '../../shared/time';
import { appCode, failure } from './helpers/calls';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { settledPlan, usePlanners } from './helpers/plan-run';

type Caller = ReturnType<typeof createCaller>;

describe('auto-plan runs are bounded: a few solving per process, the rest queued, one running per team-day', () => {
  const demo = setUpDemoCity();
  usePlanners(demo);
  let dispatcher: Caller;

  beforeAll(async () => {
    dispatcher = createCaller(makeContext(demo.handle, demo.users.dispatcher));
  }, 120_000);

  /** Polls until the run is taken by a planner (no longer waiting in the queue). */
  const taken = async (runId: string) => {
    for (let i = 0; i < 600; i++) {
      const s = await dispatcher.planning.status({ runId });
      if (!s.waiting) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('run never taken');
  };
  const workerOf = async (runId: string) =>
    (await demo.handle.db.select({ w: planRuns.workerId }).from(planRuns).where(eq(planRuns.id, runId)))[0]?.w;

  it(`at most ${MAX_SOLVING_PER_PROCESS} runs solve at once in a process; one more waits in the queue for a free planner`, async () => {
    expect(MAX_SOLVING_PER_PROCESS).toBeGreaterThanOrEqual(1);
    const running: string[] = [];
    for (let i = 0; i < MAX_SOLVING_PER_PROCESS; i++) {
      const r = await dispatcher.planning.start({
        teamId: demo.teamId,
        date: addDays(TODAY, 1 + i),
        timeLimitMs: 30_000,
      });
      running.push(r.runId);
    }
    for (const runId of running) expect((await taken(runId)).state).toBe('running');
    const extra = addDays(TODAY, 1 + MAX_SOLVING_PER_PROCESS);
    const queued = await dispatcher.planning.start({ teamId: demo.teamId, date: extra, timeLimitMs: 300 });
    // Recorded and queued, not refused: it reads as waiting, nothing solved yet.
    const waiting = await dispatcher.planning.status({ runId: queued.runId });
    expect(waiting).toMatchObject({ state: 'running', waiting: true, fraction: 0, progress: null });
    expect(await workerOf(queued.runId)).toBeNull();
    const jobs = (await demo.handle.db.execute(
      sql`select state from pgboss.job where name = 'plan.solve' and data->>'runId' = ${queued.runId}`,
    )) as unknown as { rows: Array<{ state: string }> };
    expect(jobs.rows.map((j) => j.state)).toEqual(['created']);

    // Once one of them is over, the queued run is taken by the free planner and solved.
    await dispatcher.planning.cancel({ runId: running[0] as string });
    expect((await settledPlan(dispatcher, running[0] as string)).state).toBe('done');
    expect((await settledPlan(dispatcher, queued.runId)).state).toBe('done');
    expect(await workerOf(queued.runId)).toBe(WORKER_ID);
    for (const runId of running.slice(1)) await dispatcher.planning.cancel({ runId });
    for (const runId of running) expect((await settledPlan(dispatcher, runId)).state).toBe('done');
  }, 90_000);

  it('starts arriving at the same instant: all are recorded, the bound solve, the rest wait their turn', async () => {
    const dates = Array.from({ length: MAX_SOLVING_PER_PROCESS + 2 }, (_, i) => addDays(TODAY, 1 + i));
    const started = await Promise.all(
      dates.map((date) => dispatcher.planning.start({ teamId: demo.teamId, date, timeLimitMs: 30_000 })),
    );
    const ids = started.map((r) => r.runId);
    expect(new Set(ids).size).toBe(dates.length);
    // Wait until the planners are busy, then no more than the bound are taken.
    while ((await Promise.all(ids.map(workerOf))).filter(Boolean).length < MAX_SOLVING_PER_PROCESS)
      await new Promise((r) => setTimeout(r, 100));
    const statuses = await Promise.all(ids.map((runId) => dispatcher.planning.status({ runId })));
    expect(statuses.filter((s) => !s.waiting)).toHaveLength(MAX_SOLVING_PER_PROCESS);
    expect(statuses.filter((s) => s.waiting)).toHaveLength(2);
    // Cancelled while waiting or solving: each ends as a plan, the waiting ones as soon as a planner takes them.
    for (const runId of ids) await dispatcher.planning.cancel({ runId });
    for (const runId of ids) expect((await settledPlan(dispatcher, runId)).state).toBe('done');
  }, 90_000);

  it(`a queue of ${MAX_WAITING_RUNS} waiting runs refuses one more with a retry hint, in the caller's language`, async () => {
    const [own] = await demo.handle.db.select({ id: planRuns.id }).from(planRuns).limit(1);
    // Runs of other days that no planner has taken yet (as a queue behind busy planners leaves them).
    await demo.handle.db.execute(sql`
      insert into plan_runs (user_id, team_id, plan_date, from_now, time_limit_ms, state, input)
      select user_id, team_id, plan_date + (20 + n), from_now, 30000, 'running', input
        from plan_runs, generate_series(1, ${MAX_WAITING_RUNS}) as n where id = ${own?.id as string}`);
    const extra = addDays(TODAY, 6);
    const refused = await failure(dispatcher.planning.start({ teamId: demo.teamId, date: extra, timeLimitMs: 300 }));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(appCode(refused)).toBe('PLAN_CAPACITY');
    const retry = (refused.cause as AppError).details.retryAfterSeconds as number;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(refused.message).toContain(`${MAX_WAITING_RUNS} plans are already waiting`);
    expect(refused.message).toContain(`${retry} s`);
    const zh = await failure(
      createCaller(makeContext(demo.handle, demo.users.dispatcher, { locale: 'zh-CN' })).planning.start({
        teamId: demo.teamId,
        date: extra,
        timeLimitMs: 300,
      }),
    );
    expect(zh.message).toContain('排队');
    // Nothing was recorded for the refused start.
    const rows = await demo.handle.db.select({ id: planRuns.id }).from(planRuns).where(eq(planRuns.planDate, extra));
    expect(rows).toEqual([]);
    // The queue drains: a start is accepted again.
    await demo.handle.db.execute(sql`delete from plan_runs where worker_id is null and state = 'running'`);
    const next = await dispatcher.planning.start({ teamId: demo.teamId, date: extra, timeLimitMs: 300 });
    expect((await settledPlan(dispatcher, next.runId)).state).toBe('done');
  }, 90_000);

  it('two users starting one team-day at the same instant: one run, the other is told who is planning', async () => {
    const date = addDays(TODAY, 4);
    const admin = createCaller(makeContext(demo.handle, demo.users.admin));
    const results = await Promise.allSettled([
      dispatcher.planning.start({ teamId: demo.teamId, date, timeLimitMs: 30_000 }),
      admin.planning.start({ teamId: demo.teamId, date, timeLimitMs: 30_000 }),
    ]);
    const started = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ runId: r.value.runId, i }] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [appCode(r.reason)] : []));
    expect(started).toHaveLength(1);
    expect(refused).toEqual(['PLAN_ALREADY_RUNNING']);
    const owner = started[0]?.i === 0 ? dispatcher : admin;
    await owner.planning.cancel({ runId: started[0]?.runId as string });
    expect((await settledPlan(owner, started[0]?.runId as string)).state).toBe('done');
  }, 90_000);

  it("a second start of a running team-day: the same dispatcher gets their run back, another user is told who's planning", async () => {
    const date = addDays(TODAY, 2);
    const first = await dispatcher.planning.start({ teamId: demo.teamId, date, timeLimitMs: 30_000 });
    // A double click, a second tab or the dialog opened again: the run under way, not a second solver.
    const again = await dispatcher.planning.start({ teamId: demo.teamId, date, timeLimitMs: 30_000 });
    expect(again).toEqual(first);

    const admin = createCaller(makeContext(demo.handle, demo.users.admin));
    const refused = await failure(admin.planning.start({ teamId: demo.teamId, date, timeLimitMs: 300 }));
    expect(refused.code).toBe('CONFLICT');
    expect(appCode(refused)).toBe('PLAN_ALREADY_RUNNING');
    expect(refused.message).toContain(demo.users.dispatcher.displayName);

    // A re-plan from now is a different question: it is not answered with the full-day run either.
    const fromNow = await failure(
      dispatcher.planning.start({ teamId: demo.teamId, date, fromNow: true, timeLimitMs: 300 }),
    );
    expect(appCode(fromNow)).toBe('PLAN_ALREADY_RUNNING');

    await dispatcher.planning.cancel({ runId: first.runId });
    expect((await settledPlan(dispatcher, first.runId)).state).toBe('done');
    // Done, the day is free again (applying or not is the dispatcher's choice).
    const later = await admin.planning.start({ teamId: demo.teamId, date, timeLimitMs: 300 });
    expect(later.runId).not.toBe(first.runId);
    expect((await settledPlan(admin, later.runId)).state).toBe('done');
  }, 90_000);

  it('a run solving on another process (fresh heartbeat) holds the team-day too', async () => {
    const date = addDays(TODAY, 3);
    const own = await dispatcher.planning.start({ teamId: demo.teamId, date, timeLimitMs: 300 });
    await settledPlan(dispatcher, own.runId);
    // The row another process would write for a run it is solving right now.
    await demo.handle.db.execute(sql`
      insert into plan_runs (user_id, team_id, plan_date, from_now, time_limit_ms, state, worker_id, heartbeat_at, input)
      select ${demo.users.admin.id}, team_id, plan_date, from_now, 30000, 'running', 'process-b', now(), input
        from plan_runs where id = ${own.runId}`);
    const refused = await failure(dispatcher.planning.start({ teamId: demo.teamId, date, timeLimitMs: 300 }));
    expect(appCode(refused)).toBe('PLAN_ALREADY_RUNNING');
    expect(refused.message).toContain(demo.users.admin.displayName);
    // Its process dies: once the heartbeat is stale the day is free again.
    await demo.handle.db.execute(
      sql`update plan_runs set heartbeat_at = now() - interval '10 minutes' where worker_id = 'process-b'`,
    );
    const next = await dispatcher.planning.start({ teamId: demo.teamId, date, timeLimitMs: 300 });
    expect((await settledPlan(dispatcher, next.runId)).state).toBe('done');
  }, 90_000);

  it('a start whose transaction collided and ran again leaves one run and one job, not one per attempt', async () => {
    // The next transaction is aborted as PostgreSQL aborts a deadlock's victim (after its work, rolled back), and
    // run again by the production retry (openDb installs it on PostgreSQL; here it wraps PGlite too).
    let collisions = 1;
    let attempts = 0;
    const db = Object.create(demo.handle.db) as Db;
    db.transaction = ((work, config) =>
      demo.handle.db.transaction(async (tx) => {
        attempts++;
        const out = await work(tx);
        if (collisions-- > 0) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        return out;
      }, config)) as Db['transaction'];
    retryCollidingTransactions(db);
    const retried = createCaller(makeContext({ ...demo.handle, db }, demo.users.dispatcher));

    const date = addDays(TODAY, 5);
    const first = await retried.planning.start({ teamId: demo.teamId, date, timeLimitMs: 300 });
    expect(attempts).toBe(2);
    const runs = await demo.handle.db.select({ id: planRuns.id }).from(planRuns).where(eq(planRuns.planDate, date));
    expect(runs.map((r) => r.id)).toContain(first.runId);
    // The rolled-back attempt's job went with its row: every plan.solve job names a run that exists.
    const orphans = (await demo.handle.db.execute(sql`
      select count(*)::int as n from pgboss.job j
       where j.name = 'plan.solve' and not exists (select 1 from plan_runs r where r.id::text = j.data->>'runId')`)) as unknown as {
      rows: Array<{ n: number }>;
    };
    expect(orphans.rows[0]?.n).toBe(0);
    const mine = (await demo.handle.db.execute(
      sql`select count(*)::int as n from pgboss.job where name = 'plan.solve' and data->>'runId' = ${first.runId}`,
    )) as unknown as { rows: Array<{ n: number }> };
    expect(mine.rows[0]?.n).toBe(1);
    expect((await settledPlan(dispatcher, first.runId)).state).toBe('done');
  }, 90_000);
});
