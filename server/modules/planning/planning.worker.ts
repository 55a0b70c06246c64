import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/client';
import { type SolverRun, startSolver } from '../../routing/index';
import type { Problem, Progress } from '../../solver/index';
import { beat, finishRun } from './plan-runs.repo';

/**
 * The part of an auto-plan run that belongs to the process solving it: the solver's worker thread, a tick that
 * writes progress and a heartbeat to the run's row and reads whether someone (on any process) asked to cancel,
 * and the final write of the solution. Everything else about a run is read from its row.
 */

/**
 * How many auto-plan runs may solve at once in one process. Each is a worker thread with its own heap
 * (8 at once took a process from 172 to 452 MB) busy on one core for its whole time limit.
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

/** A place for one solver in this process, held from the start of a run until its result is written. */
export interface SolverSlot {
  /** When the run holding it will have stopped at the latest (Date.now() clock). */
  endsAt: number;
}

const slots = new Set<SolverSlot>();
const solving = new Map<string, SolverRun>();

/**
 * Takes a solver slot or refuses with PLAN_CAPACITY and the seconds until the first slot frees up. Synchronous,
 * so two starts on one process cannot both take the last slot.
 */
export function reserveSolverSlot(timeLimitMs: number): SolverSlot {
  const now = Date.now();
  if (slots.size >= MAX_SOLVING_PER_PROCESS) {
    const first = Math.min(...[...slots].map((s) => s.endsAt));
    throw new AppError('PLAN_CAPACITY', {
      max: MAX_SOLVING_PER_PROCESS,
      retryAfterSeconds: Math.max(1, Math.ceil((first - now) / 1000)),
    });
  }
  const slot = { endsAt: now + timeLimitMs };
  slots.add(slot);
  return slot;
}

export function releaseSolverSlot(slot: SolverSlot): void {
  slots.delete(slot);
}

/** Stops the run at once when this process solves it (the tick would see the request within TICK_MS anyway). */
export function cancelLocally(runId: string): void {
  solving.get(runId)?.cancel();
}

/**
 * Solves a recorded run in a worker thread, holding `slot` until the result is written to the row. Returns at
 * once; errors are written to the row and logged, never thrown.
 */
export function solveRun(
  deps: { db: Db; log: Logger },
  slot: SolverSlot,
  runId: string,
  problem: Problem,
  timeLimitMs: number,
): void {
  const t0 = Date.now();
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
      releaseSolverSlot(slot);
    }
  };
  solver.result.then(
    (solution) => {
      deps.log.info({ runId, ms: Date.now() - t0, jobs: problem.jobs.length }, 'auto-plan done');
      return finish({ state: 'done', solution, solveMs: Date.now() - t0, progress: latest });
    },
    (err: unknown) => {
      deps.log.error({ err, runId }, 'auto-plan failed');
      return finish({ state: 'failed', error: err instanceof Error ? err.message : String(err) });
    },
  );
}
