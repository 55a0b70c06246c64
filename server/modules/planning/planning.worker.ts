import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { planRunStarted } from '../../ops/metrics';
import { type SolverRun, startSolver } from '../../routing/index';
import type { Problem, Progress } from '../../solver/index';
import { beat, finishRun } from './plan-runs.repo';

/**
 * The part of an auto-plan run that belongs to the process solving it: the solver's worker thread, a tick that
 * writes progress and a heartbeat to the run's row and reads whether someone (on any process) asked to cancel,
 * and the final write of the solution. Everything else about a run is read from its row.
 */

/**
 * How many auto-plan runs may solve at once in one process: the concurrency with which it works the
 * `plan.solve` queue (planning.jobs.ts); further runs wait in the queue for a free planner on any process. Each
 * is a worker thread with its own heap (8 at once took a process from 172 to 452 MB) busy on one core for its
 * whole time limit.
 */
export const MAX_SOLVING_PER_PROCESS = 2;
/** How often a solving process writes progress and its heartbeat (≤ 2 writes a second per run). */
const TICK_MS = 500;
/**
 * A running run whose heartbeat is older than this lost its process (crash, kill, restart): it reads as failed.
 * Far above TICK_MS so that a busy database or a long transaction on PGlite does not end a live run.
 */
export const STALE_AFTER_MS = 30_000;
/** This process, as the worker_id of the runs it solves. */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

const solving = new Map<string, SolverRun>();

/** Stops the run at once when this process solves it (the tick would see the request within TICK_MS anyway). */
export function cancelLocally(runId: string): void {
  solving.get(runId)?.cancel();
}

/**
 * Solves a run this process took (claimRun) in a worker thread; resolves once the result is written to the row,
 * so the queue hands this process no more runs than it has planners. Errors are written to the row and logged,
 * never thrown.
 */
export function solveRun(
  deps: { db: Db; log: Logger },
  runId: string,
  problem: Problem,
  timeLimitMs: number,
): Promise<void> {
  const t0 = Date.now();
  const ended = planRunStarted();
  let latest: Progress | null = null;
  let solver: SolverRun;
  try {
    solver = startSolver(problem, { timeLimitMs, seed: 1, balanceWeight: 1, progressEveryMs: 200 }, (p) => {
      latest = p;
    });
  } catch (err) {
    // A worker thread that cannot start fails the run like a solver that crashed, through the same path.
    solver = { result: Promise.reject(err), cancel: () => {} };
  }
  solving.set(runId, solver);

  let ticking: Promise<void> | null = null;
  const tick = async () => {
    const answer = await beat(deps.db, runId, WORKER_ID, latest);
    // Null: the run is no longer ours to solve (declared dead after a stall, or swept); stop spending a core.
    if (!answer || answer.cancelRequested) solver.cancel();
  };
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = tick()
      .catch((err: unknown) => deps.log.warn({ err, runId }, 'auto-plan heartbeat failed'))
      .finally(() => {
        ticking = null;
      });
  }, TICK_MS);
  timer.unref();

  const finish = async (end: Parameters<typeof finishRun>[3]) => {
    clearInterval(timer);
    await ticking;
    try {
      if (!(await finishRun(deps.db, runId, WORKER_ID, end))) deps.log.warn({ runId }, 'auto-plan result dropped');
    } catch (err) {
      // The row keeps saying "running" until its heartbeat is stale; then it reads as failed.
      deps.log.error({ err, runId }, 'auto-plan result not saved');
    } finally {
      solving.delete(runId);
    }
  };
  return solver.result.then(
    (solution) => {
      deps.log.info({ runId, ms: Date.now() - t0, jobs: problem.jobs.length }, 'auto-plan done');
      ended('done');
      return finish({ state: 'done', solution, solveMs: Date.now() - t0, progress: latest });
    },
    (err: unknown) => {
      deps.log.error({ err, runId }, 'auto-plan failed');
      ended('failed');
      return finish({ state: 'failed', error: err instanceof Error ? err.message : String(err) });
    },
  );
}
