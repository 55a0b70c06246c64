import { AppError } from '../../../shared/errors';
import { haversineM } from '../../../shared/geo';
import { describeViolation } from '../../../shared/rules/messages';
import type { Violation } from '../../../shared/rules/placement';
import type { CheckInInput, EnRouteInput } from '../../../shared/schemas/field';
import { localDate, localMinutes, localTime, timeToMinutes } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.repo';
import { once } from '../idempotency/idempotency.service';
import { type FieldVisit, findFieldVisit, updateVisitIfVersion } from './field.repo';
import { notifyEnRoute } from './hooks';
import { assertTransition, loadOwnVisit, versionConflict, zoneOf } from './visit-access';

const DEFAULT_THRESHOLD_M = 200;
// A phone clock may run a little fast; anything further ahead is not a real check-in time.
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
// An offline check-in may reach the server late, but not after the day is over.
const MAX_OFFLINE_AGE_MS = 24 * 3600_000;

export interface StatusResult {
  visitId: string;
  status: string;
  version: number;
}

/** Why a check-in at `at` breaks the slot or the allowed hours, as placement violations (same words). */
function checkInViolations(visit: FieldVisit, at: Date, tz: string): Violation[] {
  const out: Violation[] = [];
  const hm = (d: Date) => localTime(d, tz);
  if (at < visit.slotStart || at > visit.slotEnd) {
    out.push({
      code: 'OUTSIDE_SLOT',
      params: { arrival: hm(at), slotStart: hm(visit.slotStart), slotEnd: hm(visit.slotEnd) },
    });
  }
  const allowedStart = visit.allowedStart ?? '08:00';
  const allowedEnd = visit.allowedEnd ?? '22:00';
  const m = localMinutes(at, tz);
  if (m < timeToMinutes(allowedStart) || m > timeToMinutes(allowedEnd)) {
    out.push({
      code: 'OUTSIDE_ALLOWED_HOURS',
      params: {
        start: hm(at),
        end: hm(at),
        allowedStart: allowedStart.slice(0, 5),
        allowedEnd: allowedEnd.slice(0, 5),
      },
    });
  }
  return out;
}

async function applyStatus(
  ctx: AuthedContext,
  tx: Parameters<typeof appendAudit>[0],
  visit: FieldVisit,
  version: number,
  patch: Parameters<typeof updateVisitIfVersion>[3],
  action: string,
): Promise<StatusResult> {
  const next = await updateVisitIfVersion(tx, visit.id, version, patch);
  if (next === null) {
    const fresh = await findFieldVisit(tx, visit.id);
    throw versionConflict(ctx, fresh ?? visit);
  }
  const { updatedBy: _u, updatedAt: _a, ...after } = patch;
  await appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId: visit.teamId,
    action,
    entityType: 'visit',
    entityId: visit.id,
    before: { status: visit.status, version: visit.version },
    after: { ...after, version: next },
    at: patch.updatedAt,
  });
  return { visitId: visit.id, status: patch.status, version: next };
}

/** assigned → en_route, on the visit day only; replays with the same client id return the first answer. */
export async function markEnRoute(ctx: AuthedContext, input: EnRouteInput): Promise<StatusResult> {
  const now = ctx.now();
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'clientId', procedure: 'field.enRoute' }, async () => {
      const visit = await loadOwnVisit(ctx, tx, input.visitId);
      if (visit.version !== input.version) throw versionConflict(ctx, visit);
      assertTransition(visit, 'en_route');
      if (localDate(now, zoneOf(ctx, visit)) !== visit.visitDate) {
        throw new AppError('VISIT_NOT_TODAY', { visitDate: visit.visitDate });
      }
      const patch = { status: 'en_route' as const, enRouteAt: now, updatedBy: ctx.user.id, updatedAt: now };
      return applyStatus(ctx, tx, visit, input.version, patch, 'visit.en_route');
    }),
  );
  notifyEnRoute({ visitId: result.visitId, at: now });
  return result;
}

/**
 * en_route → on_site at the time the phone recorded, inside the agreed slot and the allowed hours of the
 * visit day; the distance to the address is stored and flagged above the team's threshold.
 */
export async function checkIn(ctx: AuthedContext, input: CheckInInput) {
  const now = ctx.now();
  const at = new Date(input.at);
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'clientId', procedure: 'field.checkIn' }, async () => {
      const visit = await loadOwnVisit(ctx, tx, input.visitId);
      if (visit.version !== input.version) throw versionConflict(ctx, visit);
      assertTransition(visit, 'on_site');
      const tz = zoneOf(ctx, visit);
      if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS || now.getTime() - at.getTime() > MAX_OFFLINE_AGE_MS) {
        throw new AppError('CHECK_IN_TIME_INVALID', { at: localTime(at, tz) });
      }
      if (localDate(at, tz) !== visit.visitDate) throw new AppError('VISIT_NOT_TODAY', { visitDate: visit.visitDate });
      const [violation] = checkInViolations(visit, at, tz);
      if (violation) throw new AppError('CHECK_IN_REFUSED', { reason: describeViolation(violation, ctx.locale) });

      const distanceM = Math.round(haversineM({ lat: input.lat, lng: input.lng }, { lat: visit.lat, lng: visit.lng }));
      const flagged = distanceM > (visit.thresholdM ?? DEFAULT_THRESHOLD_M);
      const patch = {
        status: 'on_site' as const,
        checkInAt: at,
        checkInLat: input.lat,
        checkInLng: input.lng,
        checkInDistanceM: distanceM,
        checkInFlagged: flagged,
        updatedBy: ctx.user.id,
        updatedAt: now,
      };
      const res = await applyStatus(ctx, tx, visit, input.version, patch, 'visit.check_in');
      return {
        ...res,
        checkInAt: at.toISOString(),
        distanceM,
        flagged,
        thresholdM: visit.thresholdM ?? DEFAULT_THRESHOLD_M,
      };
    }),
  );
}
