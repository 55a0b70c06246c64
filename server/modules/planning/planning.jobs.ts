/**
 * Auto-plan runs through the job queue: whichever process takes a `plan.solve` job solves the run, at most
 * MAX_SOLVING_PER_PROCESS at a time per process (the rest wait in the queue for a free planner).
 *
 * A process that dies mid-solve: its run's heartbeat goes stale, so the run reads as failed with PLAN_WORKER_LOST
 * within STALE_AFTER_MS and the day can be planned again. Its job expires (JOB_QUEUES 'plan.solve') and comes back
 * once; the retry finds the run taken by another worker and writes PLAN_WORKER_LOST to the row if nobody read it
 * yet — it does not solve it again minutes later, when the dispatcher has given up on that screen and the day has
 * moved on. A run whose job came back before any worker took it (a process died between taking the job and
 * claiming the run) is simply solved by the retry.
 */
import type { JobDeps } from '../jobs/workers';
import { loadTravelTable } from '../travel/travel.service';
import { claimRun, failTakenRun, findRunHead, findRunPayload, finishRun } from './plan-runs.repo';
import { buildProblem, dayPlaces } from './planning.problem';
import { decodeFacts, decodePolicy } from './planning.runs';
import { WORKER_LOST } from './planning.service';
import { MAX_SOLVING_PER_PROCESS, STALE_AFTER_MS, solveRun, WORKER_ID } from './planning.worker';

/** The `plan.solve` handler: takes the run, rebuilds its problem from the row and solves it to the end. */
export async function solveQueuedRun(deps: JobDeps, runId: string, retryCount: number): Promise<void> {
  if (!(await claimRun(deps.db, runId, WORKER_ID))) {
    // Not waiting any more: finished, swept, or — on a retry — taken by a process that never finished it.
    if (retryCount > 0 && (await failTakenRun(deps.db, runId, WORKER_ID, WORKER_LOST)))
      deps.log.warn({ runId }, 'auto-plan run lost with its process');
    return;
  }
  const [head, payload] = await Promise.all([
    findRunHead(deps.db, runId, STALE_AFTER_MS),
    findRunPayload(deps.db, runId),
  ]);
  if (!head || !payload) return;
  const facts = decodeFacts(payload.input);
  // The very problem the start built (buildProblem is pure): the same facts, policy, clock and travel.
  let problem: ReturnType<typeof buildProblem>['problem'];
  try {
    // From the cache the start filled; a road engine failing now is logged and straight-line is used.
    const travel = await loadTravelTable(deps, dayPlaces(facts.crews, facts.visits));
    problem = buildProblem({
      date: head.date,
      policy: decodePolicy(payload.input),
      crews: facts.crews,
      visits: facts.visits,
      now: new Date(facts.nowMs),
      travel,
    }).problem;
  } catch (err) {
    // A problem that cannot be rebuilt fails the run like a solver that crashed.
    deps.log.error({ err, runId }, 'auto-plan problem not rebuilt');
    await finishRun(deps.db, runId, WORKER_ID, {
      state: 'failed',
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  await solveRun(deps, runId, problem, head.timeLimitMs);
}

export async function registerPlanningWorkers(deps: JobDeps): Promise<void> {
  await deps.jobs.work('plan.solve', (data, job) => solveQueuedRun(deps, data.runId, job.retryCount), {
    concurrency: MAX_SOLVING_PER_PROCESS,
  });
}
