import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { DbHandle } from '../../../server/db/client';
import { type Jobs, startJobs } from '../../../server/modules/jobs/queue';
import { registerPlanningWorkers } from '../../../server/modules/planning/planning.jobs';
import type { createCaller } from '../../../server/trpc/root';
import { testEnv } from './db';

type Caller = ReturnType<typeof createCaller>;

/**
 * Makes this test process a planner: it works the `plan.solve` queue as main.ts does (stop it in afterAll,
 * before the database closes). Without it a started run waits in the queue. `env` is read at each run (the
 * routing a test sets on it is the one the planner uses).
 */
export async function startPlanners(handle: DbHandle, env = testEnv): Promise<Jobs> {
  const log = pino({ level: 'silent' });
  return startJobs(
    handle.db,
    log,
    (jobs) => registerPlanningWorkers({ db: handle.db, env, log, jobs, now: () => new Date() }),
    { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
  );
}

/**
 * startPlanners for the tests of a describe block that uses setUpDemoCity: call it after setUpDemoCity, so the
 * database exists when it starts and the planners stop before the database closes.
 */
export function usePlanners(demo: { handle: DbHandle }, env = testEnv): void {
  let jobs: Jobs | undefined;
  beforeAll(async () => {
    jobs = await startPlanners(demo.handle, env);
  }, 60_000);
  afterAll(async () => jobs?.stop());
}

/** Polls `planning.status` until the run leaves "running", and returns that status. */
export async function settledPlan(caller: Caller, runId: string) {
  for (let i = 0; i < 600; i++) {
    const s = await caller.planning.status({ runId });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('plan did not finish');
}
