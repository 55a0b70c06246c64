import { AppError } from '../../../shared/errors';
import type { LatLng } from '../../../shared/geo';
import type { PlanRunInput, PlanStartInput } from '../../../shared/schemas/dispatch';
import { startSolver } from '../../routing/index';
import type { AuthedContext } from '../../trpc/context';
import { findPolicy } from '../dispatch/dispatch.repo';
import { findCrewFacts } from '../teams/crews.repo';
import { getAccessibleTeam } from '../teams/teams.service';
import { buildPreview } from './planning.preview';
import { buildProblem } from './planning.problem';
import { findLastCheckIn, findPlanVisits } from './planning.repo';
import { getRun, type PlanRun, saveRun } from './planning.runs';

/**
 * Starts auto-planning a team-day in the solver's worker thread and returns at once; the client polls
 * `planning.status` for progress and the preview. Nothing is written until `planning.apply`.
 */
export async function startPlan(ctx: AuthedContext, input: PlanStartInput) {
  const team = await getAccessibleTeam(ctx, input.teamId);
  const [policy, crews, visits] = await Promise.all([
    findPolicy(ctx.db, team.id, ctx.env.TZ_DEFAULT),
    findCrewFacts(ctx.db, { teamId: team.id, date: input.date }),
    findPlanVisits(ctx.db, team.id, input.date),
  ]);
  const startPlaces = new Map<string, LatLng>();
  if (input.fromNow) {
    for (const c of crews) {
      const seen = await findLastCheckIn(ctx.db, c.id);
      if (seen) startPlaces.set(c.id, seen);
    }
  }
  const built = buildProblem({
    date: input.date,
    policy,
    crews,
    visits,
    fromNow: input.fromNow ? { now: ctx.now(), lastSeen: startPlaces } : null,
  });
  const t0 = Date.now();
  const solver = startSolver(
    built.problem,
    { timeLimitMs: input.timeLimitMs, seed: 1, balanceWeight: 1, progressEveryMs: 200 },
    (p) => {
      run.progress = p;
    },
  );
  const run: PlanRun = saveRun({
    userId: ctx.user.id,
    teamId: team.id,
    date: input.date,
    timeZone: policy.timeZone,
    fromNow: input.fromNow,
    timeLimitMs: input.timeLimitMs,
    startedAt: t0,
    state: 'running',
    cancelled: false,
    progress: null,
    solver,
    solution: null,
    error: null,
    baseMs: built.baseMs,
    crews,
    visits,
    startPlaces,
    excludedVisits: built.excludedVisits,
    excludedCrews: built.excludedCrews,
    solveMs: null,
    appliedAt: null,
  });
  solver.result.then(
    (solution) => {
      run.solution = solution;
      run.solveMs = Date.now() - t0;
      run.state = 'done';
      ctx.log.info({ runId: run.id, ms: run.solveMs, jobs: built.problem.jobs.length }, 'auto-plan done');
    },
    (err: unknown) => {
      run.error = err instanceof Error ? err.message : String(err);
      run.state = 'failed';
      ctx.log.error({ err, runId: run.id }, 'auto-plan failed');
    },
  );
  return { runId: run.id, jobs: built.problem.jobs.length, crews: built.problem.vehicles.length };
}

/** A run of the caller's (another dispatcher's preview is not theirs to see or apply). */
export function ownRun(ctx: AuthedContext, runId: string): PlanRun {
  const run = getRun(runId);
  if (!run || run.userId !== ctx.user.id) throw new AppError('PLAN_NOT_FOUND', { runId });
  return run;
}

/** Progress while solving; the preview once the plan is ready. */
export function planStatus(ctx: AuthedContext, input: PlanRunInput) {
  const run = ownRun(ctx, input.runId);
  const elapsedMs = Date.now() - run.startedAt;
  return {
    runId: run.id,
    state: run.state,
    cancelled: run.cancelled,
    error: run.state === 'failed' ? run.error : null,
    fraction: run.state === 'running' ? Math.min(0.99, elapsedMs / run.timeLimitMs) : 1,
    progress: run.progress,
    solveMs: run.solveMs,
    applied: run.appliedAt !== null,
    preview: run.state === 'done' ? buildPreview(run, ctx.locale) : null,
  };
}

/** Stops the search early; the best plan found so far becomes the preview. */
export function cancelPlan(ctx: AuthedContext, input: PlanRunInput) {
  const run = ownRun(ctx, input.runId);
  if (run.state === 'running') {
    run.cancelled = true;
    run.solver.cancel();
  }
  return { runId: run.id, state: run.state };
}
