import { DEFAULT_POLICY } from '../../../shared/domain/policy-defaults';
import { AppError } from '../../../shared/errors';
import { haversineM } from '../../../shared/geo';
import { describeViolation } from '../../../shared/messages/violations';
import type { Violation } from '../../../shared/rules/placement';
import type { CheckInInput, EnRouteInput } from '../../../shared/schemas/field';
import { localDate, localMinutes, localTime, timeToMinutes } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { queueMessage } from '../messages/messages.service';
import { keepFieldRecord, keptAnswer } from './conflicts.service';
import { decideStatusRecord } from './field.records';
import { type FieldVisit, findFieldVisit, updateVisitIfVersion } from './field.repo';
import { loadRecordTarget, versionConflict, zoneOf } from './visit-access';

const DEFAULT_THRESHOLD_M = 200;
// A phone clock may run a little fast; anything further ahead is not a real check-in time.
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
// An offline check-in may reach the server late, but not after the day is over.
const MAX_OFFLINE_AGE_MS = 24 * 3600_000;

interface StatusResult {
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
  const allowedStart = visit.allowedStart ?? DEFAULT_POLICY.allowedStart;
  const allowedEnd = visit.allowedEnd ?? DEFAULT_POLICY.allowedEnd;
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

/**
 * Applies a step of the visit's lifecycle (on my way, check-in) on the version read under the row lock, audited
 * with who took it; `extra` adds facts to the audit entry (the kept record an accepted step came from).
 */
export async function applyStatus(
  ctx: AuthedContext,
  tx: Parameters<typeof appendAudit>[0],
  visit: FieldVisit,
  patch: Parameters<typeof updateVisitIfVersion>[3],
  action: string,
  extra: Record<string, unknown> = {},
): Promise<StatusResult> {
  const next = await updateVisitIfVersion(tx, visit.id, visit.version, patch);
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
    after: { ...after, ...extra, version: next },
    at: patch.updatedAt,
  });
  return { visitId: visit.id, status: patch.status, version: next };
}

/**
 * When the phone says the agent acted: its own clock (a record made offline keeps its real time), unless that is
 * further ahead than a fast clock explains or more than a day old; then the server's time is the record's.
 */
export function phoneTime(now: Date, at: string | undefined): Date {
  const t = at ? new Date(at) : null;
  if (!t || t.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS || now.getTime() - t.getTime() > MAX_OFFLINE_AGE_MS) {
    return now;
  }
  return t;
}

/** The visit's check-in facts for a position: distance to the address and whether it is beyond the threshold. */
export function checkInFacts(visit: FieldVisit, p: { lat: number; lng: number }) {
  const distanceM = Math.round(haversineM(p, { lat: visit.lat, lng: visit.lng }));
  const thresholdM = visit.thresholdM ?? DEFAULT_THRESHOLD_M;
  return { distanceM, thresholdM, flagged: distanceM > thresholdM };
}

/** A version newer than any the server gave out is not a stale phone but a wrong request. */
function assertKnownVersion(ctx: AuthedContext, visit: FieldVisit, version: number) {
  if (version > visit.version) throw versionConflict(ctx, visit);
}

/**
 * assigned → en_route, on the visit day. A visit taken off the crew meanwhile (moved, cancelled, missed) keeps the
 * record as a conflict for the dispatcher and answers FIELD_RECORD_KEPT naming the visit; replays with the same
 * client id answer as the first time.
 */
export async function markEnRoute(ctx: AuthedContext, input: EnRouteInput): Promise<StatusResult> {
  const now = ctx.now();
  const at = phoneTime(now, input.at);
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'clientId', procedure: 'field.enRoute' }, async () => {
      const target = await loadRecordTarget(ctx, tx, input.visitId);
      const { visit } = target;
      assertKnownVersion(ctx, visit, input.version);
      if (localDate(at, zoneOf(ctx, visit)) !== visit.visitDate) {
        throw new AppError('VISIT_NOT_TODAY', { visitDate: visit.visitDate });
      }
      const decision = decideStatusRecord(visit, target.crewId, 'en_route');
      if (decision.kind === 'keep') {
        const payload = { ...input, at: at.toISOString() };
        return keepFieldRecord(ctx, tx, target, {
          action: 'en_route',
          payload,
          clientId: input.clientId,
          recordedAt: at,
        });
      }
      if (decision.kind === 'already') return { visitId: visit.id, status: visit.status, version: visit.version };
      const patch = { status: 'en_route' as const, enRouteAt: at, updatedBy: ctx.user.id, updatedAt: now };
      const applied = await applyStatus(ctx, tx, visit, patch, 'visit.en_route');
      // "We are on our way", with the crew's badge numbers and the page to check them (SPEC §8.4).
      await queueMessage(tx, ctx, {
        kind: 'en_route',
        caseId: visit.caseId,
        eventKey: `visit:${visit.id}:en_route`,
        visitId: visit.id,
        userId: ctx.user.id,
      });
      return applied;
    }),
  );
  if ('kept' in result) throw await keptAnswer(ctx, result);
  return result;
}

/**
 * en_route → on_site at the time the phone recorded, inside the agreed slot and the allowed hours of the
 * visit day; the distance to the address is stored and flagged above the team's threshold. A visit taken off the
 * crew meanwhile keeps the check-in (time and place) as a conflict, as on my way does.
 */
export async function checkIn(ctx: AuthedContext, input: CheckInInput) {
  const now = ctx.now();
  const at = new Date(input.at);
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'clientId', procedure: 'field.checkIn' }, async () => {
      const target = await loadRecordTarget(ctx, tx, input.visitId);
      const { visit } = target;
      assertKnownVersion(ctx, visit, input.version);
      const tz = zoneOf(ctx, visit);
      if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS || now.getTime() - at.getTime() > MAX_OFFLINE_AGE_MS) {
        throw new AppError('CHECK_IN_TIME_INVALID', { at: localTime(at, tz) });
      }
      if (localDate(at, tz) !== visit.visitDate) throw new AppError('VISIT_NOT_TODAY', { visitDate: visit.visitDate });
      const [violation] = checkInViolations(visit, at, tz);
      if (violation) throw new AppError('CHECK_IN_REFUSED', { reason: describeViolation(violation, ctx.locale) });

      const decision = decideStatusRecord(visit, target.crewId, 'on_site');
      if (decision.kind === 'keep') {
        const { lat, lng, accuracyM, clientId } = input;
        const record = { action: 'check_in' as const, payload: input, clientId, recordedAt: at, lat, lng, accuracyM };
        return keepFieldRecord(ctx, tx, target, record);
      }
      const facts = checkInFacts(visit, input);
      if (decision.kind === 'already') {
        // A partner's phone checked in first: the crew is on site; its check-in stands.
        return {
          visitId: visit.id,
          status: visit.status,
          version: visit.version,
          checkInAt: (visit.checkInAt ?? at).toISOString(),
          distanceM: facts.distanceM,
          flagged: facts.flagged,
          thresholdM: facts.thresholdM,
        };
      }
      const patch = {
        status: 'on_site' as const,
        checkInAt: at,
        checkInLat: input.lat,
        checkInLng: input.lng,
        checkInDistanceM: facts.distanceM,
        checkInFlagged: facts.flagged,
        updatedBy: ctx.user.id,
        updatedAt: now,
      };
      const res = await applyStatus(ctx, tx, visit, patch, 'visit.check_in');
      return { ...res, checkInAt: at.toISOString(), ...facts };
    }),
  );
  if ('kept' in result) throw await keptAnswer(ctx, result);
  return result;
}
