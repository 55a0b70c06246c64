import { isIn, MOVABLE } from '../../../shared/domain/visit-lifecycle';
import { AppError } from '../../../shared/errors';
import type {
  CheckMoveInput,
  PlaceVisitInput,
  SetPinnedInput,
  UnassignVisitInput,
} from '../../../shared/schemas/dispatch';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { announceVisit } from '../live/live.bus';
import { readTeamZone } from '../policy/policy.service';
import { assertTeamAccess } from '../scope';
import { assignToCrew, renumberRoutes, returnToTray } from './dispatch.crew-route';
import { findVisitFacts, lockCrew, renumberCrewRoute, updatePlacement, type VisitFacts } from './dispatch.repo';
import { assertNoViolations, describeAll, evaluatePlacement, staleError, travelBeforeWrite } from './placement';

/** Would this placement be accepted? Every broken rule in the caller's language; nothing is written. */
export async function checkMove(ctx: AuthedContext, input: CheckMoveInput) {
  const { violations } = await evaluatePlacement(ctx, ctx.db, input);
  return { ok: violations.length === 0, violations: describeAll(ctx, violations) };
}

async function loadForWrite(ctx: AuthedContext, tx: Tx, visitId: string, version: number): Promise<VisitFacts> {
  const visit = await findVisitFacts(tx, visitId);
  if (!visit) throw new AppError('NOT_FOUND', { entity: 'visit' });
  assertTeamAccess(ctx.user, visit.teamId, 'visit');
  if (visit.version !== version) {
    const timeZone = await readTeamZone(tx, visit.teamId, ctx.env.TZ_DEFAULT);
    throw staleError(ctx, visit, timeZone, { currentVersion: visit.version });
  }
  // Once a crew is on its way the visit belongs to the field.
  if (!isIn(MOVABLE, visit.status)) throw new AppError('VISIT_NOT_MOVABLE', { status: visit.status });
  return visit;
}

/** Version conflict detected at the UPDATE itself (someone committed between our read and write). */
async function staleAtWrite(ctx: AuthedContext, tx: Tx, visitId: string, teamId: string): Promise<AppError> {
  const now = await findVisitFacts(tx, visitId);
  const timeZone = await readTeamZone(tx, teamId, ctx.env.TZ_DEFAULT);
  return staleError(ctx, now ?? { updatedByName: null, updatedAt: ctx.now() }, timeZone);
}

type PlaceResult = { visitId: string; version: number; crewId: string | null; plannedArrival: string | null };

/**
 * Assigns a visit to a crew at an arrival time, or moves it: the same rules as `checkMove` run inside the
 * transaction (with the crew locked) and the write only lands on the version the dispatcher saw.
 */
export async function placeVisit(ctx: AuthedContext, input: PlaceVisitInput, verb: 'assign' | 'move') {
  const travel = await travelBeforeWrite(ctx, input);
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: `dispatch.${verb}` }, async () => {
      const before = await loadForWrite(ctx, tx, input.visitId, input.version);
      await lockCrew(tx, input.crewId);
      const { crew, violations } = await evaluatePlacement(ctx, tx, input, travel);
      assertNoViolations(ctx, violations);
      const at = ctx.now();
      const version = await assignToCrew(tx, { id: before.id, version: input.version }, crew, new Date(input.arrival), {
        userId: ctx.user.id,
        at,
      });
      if (version === null) throw await staleAtWrite(ctx, tx, before.id, before.teamId);
      await renumberRoutes(tx, [crew.id, before.crewId]);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: before.teamId,
        action: `visit.${verb}`,
        entityType: 'visit',
        entityId: before.id,
        before: { status: before.status, crewId: before.crewId, version: before.version },
        after: { status: 'assigned', crewId: crew.id, plannedArrival: input.arrival, version },
        at,
      });
      return {
        teamId: before.teamId,
        out: { visitId: before.id, version, crewId: crew.id, plannedArrival: input.arrival } as PlaceResult,
      };
    }),
  );
  await announceVisit(ctx, result.teamId, `visit.${verb}`, input.visitId);
  return result.out;
}

/** Takes a visit off its crew (back to the tray). */
export async function unassignVisit(ctx: AuthedContext, input: UnassignVisitInput) {
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'dispatch.unassign' }, async () => {
      const before = await loadForWrite(ctx, tx, input.visitId, input.version);
      const at = ctx.now();
      const version = await returnToTray(
        tx,
        { id: before.id, version: input.version },
        { userId: ctx.user.id, at },
        { unpin: true },
      );
      if (version === null) throw await staleAtWrite(ctx, tx, before.id, before.teamId);
      if (before.crewId) await renumberCrewRoute(tx, before.crewId);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: before.teamId,
        action: 'visit.unassign',
        entityType: 'visit',
        entityId: before.id,
        before: { status: before.status, crewId: before.crewId, version: before.version },
        after: { status: 'unassigned', crewId: null, version },
        at,
      });
      return { teamId: before.teamId, out: { visitId: before.id, version } };
    }),
  );
  await announceVisit(ctx, result.teamId, 'visit.unassign', input.visitId);
  return result.out;
}

/** Pins a visit where it is (auto-plan keeps it) or releases it. */
export async function setPinned(ctx: AuthedContext, input: SetPinnedInput) {
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'dispatch.setPinned' }, async () => {
      const visit = await findVisitFacts(tx, input.visitId);
      if (!visit) throw new AppError('NOT_FOUND', { entity: 'visit' });
      assertTeamAccess(ctx.user, visit.teamId, 'visit');
      if (visit.version !== input.version) {
        throw staleError(ctx, visit, await readTeamZone(tx, visit.teamId, ctx.env.TZ_DEFAULT));
      }
      const at = ctx.now();
      const version = await updatePlacement(
        tx,
        visit.id,
        input.version,
        { pinned: input.pinned },
        { userId: ctx.user.id, at },
      );
      if (version === null) throw await staleAtWrite(ctx, tx, visit.id, visit.teamId);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: visit.teamId,
        action: input.pinned ? 'visit.pin' : 'visit.unpin',
        entityType: 'visit',
        entityId: visit.id,
        before: { pinned: visit.pinned, version: visit.version },
        after: { pinned: input.pinned, version },
        at,
      });
      return { teamId: visit.teamId, out: { visitId: visit.id, version, pinned: input.pinned } };
    }),
  );
  await announceVisit(ctx, result.teamId, input.pinned ? 'visit.pin' : 'visit.unpin', input.visitId);
  return result.out;
}
