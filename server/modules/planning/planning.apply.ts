import { AppError } from '../../../shared/errors';
import type { Violation } from '../../../shared/rules/placement';
import type { PlanApplyInput } from '../../../shared/schemas/dispatch';
import { localTime } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { assignToCrew, renumberRoutes, returnToTray } from '../dispatch/dispatch.crew-route';
import { assertNoViolations, violationsOnCrew } from '../dispatch/placement';
import { once } from '../idempotency/idempotency.service';
import { publishLive } from '../live/live.bus';
import { readTeamPolicy } from '../policy/policy.service';
import { loadTravelTable } from '../travel/travel.service';
import { markSlotPassed } from '../visits/visits.service';
import { lockRunForApply, markApplied } from './plan-runs.repo';
import { planChanges, plannedStops } from './planning.changes';
import { dayPlaces } from './planning.problem';
import { findVisitVersions, insertRoutePlan } from './planning.repo';
import { assertPlanReady, ownRun } from './planning.service';

/**
 * PLAN_STALE for visits changed since the plan saw them: how many, and who changed them last and when (in the
 * team's zone), so the dispatcher knows whose change to look at before planning again.
 */
function planStale(stale: Array<{ id: string; updatedAt: Date; updatedByName: string | null }>, timeZone: string) {
  const last = [...stale].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  return new AppError('PLAN_STALE', {
    count: stale.length,
    by: last?.updatedByName ?? '—',
    at: last ? localTime(last.updatedAt, timeZone) : '',
    visitIds: stale.map((s) => s.id),
  });
}

/**
 * Applies a previewed plan for all crews or the selected ones in one transaction, doing exactly what the preview
 * listed (planning.changes): every touched visit must still be at the version the plan saw, every placement
 * passes the same rules as a manual move, each crew's route is recorded in route_plans. Visits a selected crew
 * loses and no selected crew gains go back to the tray with their reason; visits whose slot passed unvisited are
 * marked missed by the missed-slot rule; visits under way, done or past stay exactly where they are.
 */
export async function applyPlan(ctx: AuthedContext, input: PlanApplyInput) {
  const run = await ownRun(ctx, input.runId);
  assertPlanReady(run);
  const stopsByCrew = plannedStops(run);
  // Only the run's own crews: another id would be written to route_plans under this team (or break its key).
  const unknown = (input.crewIds ?? []).filter((id) => !run.crews.some((c) => c.id === id));
  if (unknown.length) throw new AppError('NOT_FOUND', { entity: 'crew', crewIds: unknown }, { crewIds: 'NOT_FOUND' });
  const selected = new Set(input.crewIds ?? run.crews.map((c) => c.id));
  const plan = planChanges(run, input.crewIds);
  const byId = new Map(run.visits.map((v) => [v.id, v]));
  const gained = new Map(plan.placements.map((p) => [p.visit.id, p]));
  const touched = [...gained.keys(), ...plan.unassignments.map((u) => u.visit.id), ...plan.missed.map((v) => v.id)];
  // The day's travel, read before the transaction (a road engine is never waited on while rows are locked).
  const travel = await loadTravelTable(ctx, dayPlaces(run.crews, run.visits));

  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'planning.apply' }, async () => {
      // The row lock makes a run applied once, whichever process and however many requests try at once.
      const appliedAt = await lockRunForApply(tx, run.id);
      if (appliedAt === undefined) throw new AppError('PLAN_NOT_FOUND', { runId: run.id });
      if (appliedAt) throw new AppError('PLAN_ALREADY_APPLIED');
      const current = await findVisitVersions(tx, touched);
      const stale = current.filter((c) => c.version !== byId.get(c.id)?.version);
      if (stale.length) throw planStale(stale, run.timeZone);
      const at = ctx.now();
      const by = { userId: ctx.user.id, at };
      // The versions above are locked, so a write finding another version is a bug, never a silent no-op.
      const staleVisit = (id: string) => planStale([{ id, updatedAt: at, updatedByName: null }], run.timeZone);
      const crewOf = new Map(run.crews.map((c) => [c.id, c]));
      for (const { visit: v, code } of plan.unassignments) {
        if ((await returnToTray(tx, v, by, { unpin: false })) === null) throw staleVisit(v.id);
        await appendAudit(tx, {
          actorUserId: ctx.user.id,
          teamId: run.teamId,
          action: 'visit.plan.unassign',
          entityType: 'visit',
          entityId: v.id,
          before: { crewId: v.crewId, plannedArrival: v.plannedArrival, version: v.version },
          after: { status: 'unassigned', reason: code, version: v.version + 1 },
          at,
        });
      }
      for (const v of plan.missed) {
        const version = await markSlotPassed(ctx, tx, { ...v, teamId: run.teamId });
        if (version === null) throw staleVisit(v.id);
      }
      for (const g of plan.placements) {
        const v = g.visit;
        const crew = crewOf.get(g.crewId);
        if (!crew || !g.moved) continue;
        if ((await assignToCrew(tx, v, crew, g.arrival, by)) === null) throw staleVisit(v.id);
        await appendAudit(tx, {
          actorUserId: ctx.user.id,
          teamId: run.teamId,
          action: 'visit.plan.assign',
          entityType: 'visit',
          entityId: v.id,
          before: { crewId: v.crewId, plannedArrival: v.plannedArrival, version: v.version },
          after: { crewId: g.crewId, plannedArrival: g.arrival.toISOString(), version: v.version + 1 },
          at,
        });
      }
      // The same rules as a manual move, on the day as it now stands.
      const policy = await readTeamPolicy(tx, run.teamId, ctx.env.TZ_DEFAULT, run.date);
      const violations: Violation[] = [];
      for (const [visitId, g] of gained) {
        const crew = crewOf.get(g.crewId);
        if (!crew) continue;
        const found = await violationsOnCrew(
          { db: tx, env: ctx.env, log: ctx.log },
          visitId,
          crew,
          g.arrival,
          policy,
          at,
          travel,
        );
        // A stop the plan leaves where it was is not a new assignment: only what moves must lie ahead of now.
        violations.push(...found.filter((f) => g.moved || f.code !== 'ARRIVAL_IN_PAST'));
      }
      assertNoViolations(ctx, violations);
      const applied = [];
      await renumberRoutes(tx, selected);
      for (const crewId of selected) {
        const route = run.solution?.routes.find((r) => r.vehicleId === crewId);
        const stops = (stopsByCrew.get(crewId) ?? []).map((s, i) => ({
          visitId: s.visitId,
          position: i + 1,
          plannedArrival: s.arrival.toISOString(),
        }));
        const planId = await insertRoutePlan(tx, {
          teamId: run.teamId,
          crewId,
          planDate: run.date,
          stops,
          distanceM: Math.round(route?.distance ?? 0),
          durationS: Math.round(route?.duration ?? 0),
          solverStats: {
            runId: run.id,
            solveMs: run.solveMs,
            iterations: run.solution?.iterations,
            fromNow: run.fromNow,
          },
          appliedBy: ctx.user.id,
          appliedAt: at,
        });
        applied.push({ crewId, planId, stops: stops.length });
      }
      // Crews that lost a visit to a selected crew keep a gap-free numbering too.
      await renumberRoutes(
        tx,
        touched.map((id) => byId.get(id)?.crewId).filter((crewId) => !crewId || !selected.has(crewId)),
      );
      await markApplied(tx, run.id, at);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: run.teamId,
        action: 'plan.apply',
        entityType: 'route_plan',
        entityId: run.id,
        after: { date: run.date, crews: applied },
        at,
      });
      return {
        applied,
        assigned: gained.size,
        unassigned: plan.unassignments.length,
        missed: plan.missed.length,
      };
    }),
  );
  try {
    await publishLive(ctx, {
      teamId: run.teamId,
      action: 'plan.apply',
      entityType: 'route_plan',
      entityId: run.id,
      at: ctx.now().toISOString(),
    });
  } catch (err) {
    ctx.log.warn({ err }, 'live publish failed');
  }
  return result;
}
