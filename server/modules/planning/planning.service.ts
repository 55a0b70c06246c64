import { AppError, type AppErrorCode, ERROR_DEFS, formatErrorMessage, type Locale } from '../../../shared/errors';
import type { PlanRunInput, PlanStartInput } from '../../../shared/schemas/dispatch';
import { localTime } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { readTeamPolicy } from '../policy/policy.service';
import { loadCrewFacts } from '../teams/crews.service';
import { getAccessibleTeam } from '../teams/teams.service';
import { loadTravelTable } from '../travel/travel.service';
import {
  expireStaleRuns,
  findRunHead,
  findRunningRun,
  findRunPayload,
  insertRun,
  lockTeamDay,
  queueLength,
  requestCancel,
  sweepRuns,
} from './plan-runs.repo';
import { buildPreview } from './planning.preview';
import { buildProblem, dayPlaces } from './planning.problem';
import { findPlanVisits } from './planning.repo';
import { decodeFacts, encodeFacts, type PlanRun, type RunFacts, type RunHead } from './planning.runs';
import { cancelLocally, STALE_AFTER_MS } from './planning.worker';

/** How long a run (and its preview) is kept after it started. */
const RUN_TTL_MS = 30 * 60_000;
/** The error a run whose process died reads with. */
export const WORKER_LOST: AppErrorCode = 'PLAN_WORKER_LOST';

/**
 * At most this many runs wait in the queue (across all processes) before a start is refused with PLAN_CAPACITY:
 * beyond it a run would wait minutes for a planner (each solves up to a minute, MAX_SOLVING_PER_PROCESS at a time
 * per process) and the dispatcher's preview would describe a day that has moved on.
 */
export const MAX_WAITING_RUNS = 10;

/** The day as the solver will see it, and the policy its problem is built with. */
async function buildRun(ctx: AuthedContext, teamId: string, input: PlanStartInput) {
  const [policy, crews, visits] = await Promise.all([
    readTeamPolicy(ctx.db, teamId, ctx.env.TZ_DEFAULT, input.date),
    loadCrewFacts(ctx.db, { teamId, date: input.date }),
    findPlanVisits(ctx.db, teamId, input.date),
  ]);
  // The same clock as every rule (ctx.now()): a plan of today never reaches into the past, whether it is a
  // full-day plan or "re-plan from now".
  const now = ctx.now();
  // Asked here, so the worker finds the road pairs in the cache and the dispatcher learns at once of a fallback.
  const travel = await loadTravelTable(ctx, dayPlaces(crews, visits));
  const built = buildProblem({ date: input.date, policy, crews, visits, now, travel });
  const facts: RunFacts = {
    timeZone: policy.timeZone,
    baseMs: built.baseMs,
    jobs: built.problem.jobs.length,
    vehicles: built.problem.vehicles.length,
    crews,
    visits,
    nowMs: now.getTime(),
    excludedVisits: built.excludedVisits,
    excludedCrews: built.excludedCrews,
  };
  return { facts, policy, travelWarning: travel.warning };
}

/** Refuses a start when the queue of waiting runs is already so long that this one would wait for minutes. */
async function assertQueueRoom(tx: DbOrTx, timeLimitMs: number): Promise<void> {
  const queue = await queueLength(tx);
  if (queue.waiting < MAX_WAITING_RUNS) return;
  throw new AppError('PLAN_CAPACITY', {
    max: MAX_WAITING_RUNS,
    retryAfterSeconds: Math.max(1, Math.ceil((queue.shortestSolvingMs ?? timeLimitMs) / 1000)),
  });
}

/**
 * Starts auto-planning a team-day and returns at once: the run's row and its `plan.solve` job are written in one
 * transaction, and whichever process works the queue solves it (planning.jobs.ts); any process answers
 * `planning.status` from the row. Nothing is written to the visits until apply.
 *
 * One run per team-day at a time, across processes: a second start by the same dispatcher (double click,
 * second tab, dialog opened again) is answered with the run under way; anyone else's is refused with who is
 * planning, since two plans of one day could never both be applied. When every planner is busy the run waits in
 * the queue ("waiting for a free planner"); only a queue of MAX_WAITING_RUNS is refused with PLAN_CAPACITY.
 */
export async function startPlan(ctx: AuthedContext, input: PlanStartInput) {
  const team = await getAccessibleTeam(ctx, input.teamId);
  await sweepRuns(ctx.db, RUN_TTL_MS);
  const { facts, policy, travelWarning } = await buildRun(ctx, team.id, input);
  const run = await ctx.db.transaction(async (tx) => {
    await lockTeamDay(tx, team.id, input.date);
    await expireStaleRuns(tx, { teamId: team.id, date: input.date }, STALE_AFTER_MS, WORKER_LOST);
    const running = await findRunningRun(tx, team.id, input.date);
    if (running?.userId === ctx.user.id && running.fromNow === input.fromNow) return running;
    if (running) {
      throw new AppError('PLAN_ALREADY_RUNNING', {
        by: running.userName,
        at: localTime(running.startedAt, facts.timeZone),
      });
    }
    await assertQueueRoom(tx, input.timeLimitMs);
    const id = await insertRun(tx, {
      userId: ctx.user.id,
      teamId: team.id,
      date: input.date,
      fromNow: input.fromNow,
      timeLimitMs: input.timeLimitMs,
      input: encodeFacts(facts, policy),
    });
    // With the row or not at all: a start rolled back (or run again after a collision) leaves no job behind.
    await ctx.jobs.send(tx, 'plan.solve', { runId: id });
    return { id, jobs: facts.jobs, vehicles: facts.vehicles };
  });
  return { runId: run.id, jobs: run.jobs, crews: run.vehicles, travelWarning };
}

/** A run of the caller's (another dispatcher's preview is not theirs to see or apply); a dead one as failed. */
async function ownRunHead(ctx: AuthedContext, runId: string): Promise<RunHead> {
  let head = await findRunHead(ctx.db, runId, STALE_AFTER_MS);
  if (head?.stale) {
    await expireStaleRuns(ctx.db, { id: runId }, STALE_AFTER_MS, WORKER_LOST);
    head = await findRunHead(ctx.db, runId, STALE_AFTER_MS);
  }
  if (!head || head.userId !== ctx.user.id) throw new AppError('PLAN_NOT_FOUND', { runId });
  return head;
}

/** The caller's run with what its preview and apply read. */
export async function ownRun(ctx: AuthedContext, runId: string): Promise<PlanRun> {
  return withFacts(ctx, await ownRunHead(ctx, runId));
}

async function withFacts(ctx: AuthedContext, head: RunHead): Promise<PlanRun> {
  const payload = await findRunPayload(ctx.db, head.id);
  if (!payload) throw new AppError('PLAN_NOT_FOUND', { runId: head.id });
  return { ...head, ...decodeFacts(payload.input), solution: payload.solution };
}

/** A failed run's error in the caller's language when it is one of ours, the solver's message otherwise. */
function runError(error: string | null, locale: Locale): string | null {
  return error && error in ERROR_DEFS ? formatErrorMessage(error as AppErrorCode, locale) : error;
}

/** Refuses a run that has no plan to apply: still solving, or failed (with its own error when it has one). */
export function assertPlanReady(run: PlanRun): void {
  if (run.state === 'failed' && run.error && run.error in ERROR_DEFS) throw new AppError(run.error as AppErrorCode);
  if (run.state !== 'done' || !run.solution) throw new AppError('PLAN_NOT_READY');
}

/** Progress while solving; the preview once the plan is ready. */
export async function planStatus(ctx: AuthedContext, input: PlanRunInput) {
  const head = await ownRunHead(ctx, input.runId);
  const run = head.state === 'done' ? await withFacts(ctx, head) : null;
  // The preview's km and travel are the same provider's numbers as the plan's (from the cache once planned).
  const travel = run ? await loadTravelTable(ctx, dayPlaces(run.crews, run.visits)) : null;
  return {
    runId: head.id,
    state: head.state,
    cancelled: head.cancelled,
    error: head.state === 'failed' ? runError(head.error, ctx.locale) : null,
    // Waiting in the queue: nothing solved yet (the client says "waiting for a free planner").
    waiting: head.waiting,
    fraction: head.waiting ? 0 : head.state === 'running' ? Math.min(0.99, head.elapsedMs / head.timeLimitMs) : 1,
    progress: head.progress,
    solveMs: head.solveMs,
    applied: head.appliedAt !== null,
    preview: run && travel ? buildPreview(run, ctx.locale, travel) : null,
  };
}

/** Stops the search early wherever it runs; the best plan found so far becomes the preview. */
export async function cancelPlan(ctx: AuthedContext, input: PlanRunInput) {
  const head = await ownRunHead(ctx, input.runId);
  if (head.state === 'running') {
    await requestCancel(ctx.db, head.id);
    cancelLocally(head.id);
  }
  return { runId: head.id, state: head.state };
}
