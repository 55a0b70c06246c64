import { type FieldRecordAction, RESOLVE_WORDS } from '../../../shared/domain/field-conflicts';
import { codeLabel } from '../../../shared/domain/labels';
import { canTransition } from '../../../shared/domain/visit-lifecycle';
import { AppError } from '../../../shared/errors';
import type { CheckInInput, RecordOutcomeInput, ResolveFieldConflictInput } from '../../../shared/schemas/field';
import { localTime } from '../../../shared/time';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { returnVisitToCrew } from '../dispatch/dispatch.field-record';
import { once } from '../idempotency/idempotency.service';
import { announceVisit } from '../live/live.bus';
import { assertTeamAccess } from '../scope';
import { findConflict, findOpenRecordsOfCrew, findUserName, markResolved, type StoredConflict } from './conflicts.repo';
import { acceptBlocker, recordsImplied } from './field.records';
import { type FieldVisit, findFieldVisit } from './field.repo';
import { applyStatus, checkInFacts } from './field.service';
import { writeOutcome } from './outcome.write';
import { zoneOf } from './visit-access';

async function reload(tx: Tx, visitId: string): Promise<FieldVisit> {
  const v = await findFieldVisit(tx, visitId, true);
  if (!v) throw new AppError('NOT_FOUND', { entity: 'visit' });
  return v;
}

/**
 * Takes the visit one lifecycle step towards what a kept record says the crew did, with the record's facts (when
 * the crew set off, when and where it checked in); a step the visit already took is left as it is.
 */
async function stepTo(ctx: AuthedContext, tx: Tx, visit: FieldVisit, to: 'en_route' | 'on_site', r: StoredConflict) {
  if (!canTransition(visit.status, to)) return visit;
  const base = { updatedBy: ctx.user.id, updatedAt: ctx.now() };
  const from = { fromConflictId: r.id };
  if (to === 'en_route') {
    await applyStatus(ctx, tx, visit, { status: 'en_route', enRouteAt: r.recordedAt, ...base }, 'visit.en_route', from);
  } else {
    const p = r.action === 'check_in' ? (r.payload as CheckInInput) : null;
    const facts = p ? checkInFacts(visit, p) : null;
    const patch = {
      status: 'on_site' as const,
      ...(p && facts
        ? {
            checkInAt: r.recordedAt,
            checkInLat: p.lat,
            checkInLng: p.lng,
            checkInDistanceM: facts.distanceM,
            checkInFlagged: facts.flagged,
          }
        : {}),
      ...base,
    };
    await applyStatus(ctx, tx, visit, patch, 'visit.check_in', from);
  }
  return reload(tx, visit.id);
}

/** Applies one kept record to the visit (already on the crew that made it), walking the lifecycle as needed. */
async function applyRecord(ctx: AuthedContext, tx: Tx, visit: FieldVisit, r: StoredConflict): Promise<FieldVisit> {
  const action = r.action as FieldRecordAction;
  let v = await stepTo(ctx, tx, visit, 'en_route', r);
  if (action === 'en_route') return v;
  v = await stepTo(ctx, tx, v, 'on_site', r);
  if (action === 'check_in') return v;
  await writeOutcome(ctx, tx, v, r.payload as RecordOutcomeInput, {
    recordedBy: r.userId,
    recordedAt: r.recordedAt,
    fromConflictId: r.id,
  });
  return reload(tx, v.id);
}

async function audit(ctx: AuthedContext, tx: Tx, r: StoredConflict, decision: 'accept' | 'dismiss', note?: string) {
  await appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId: r.teamId,
    action: `field_conflict.${decision}`,
    entityType: 'visit',
    entityId: r.visitId,
    before: { conflictId: r.id, status: 'open' },
    after: {
      conflictId: r.id,
      status: decision === 'accept' ? 'accepted' : 'dismissed',
      record: r.action,
      recordedAt: r.recordedAt.toISOString(),
      ...(note ? { note } : {}),
    },
    at: ctx.now(),
  });
}

/** The kept record to decide on, locked; refused when it was decided already. */
async function openRecord(ctx: AuthedContext, tx: Tx, conflictId: string) {
  const r = await findConflict(tx, conflictId, true);
  if (!r) throw new AppError('NOT_FOUND', { entity: 'field record' });
  assertTeamAccess(ctx.user, r.teamId, 'field record');
  if (r.status !== 'open') {
    const visit = await findFieldVisit(tx, r.visitId);
    throw new AppError('FIELD_CONFLICT_RESOLVED', {
      status: r.status,
      by: (await findUserName(tx, r.resolvedBy)) ?? '—',
      at: r.resolvedAt && visit ? localTime(r.resolvedAt, zoneOf(ctx, visit)) : '—',
    });
  }
  return r;
}

/**
 * A dispatcher's decision on a kept field record. Accept applies it to the visit where the lifecycle allows —
 * back on the crew that made it if nobody set out for it since, then on my way, check-in (the phone's time and
 * place) and outcome as recorded — together with the crew's open records of the steps before it, which it
 * implies. Dismiss closes it with the dispatcher's note. Audited on the visit; the board hears it live.
 */
export async function resolveFieldConflict(ctx: AuthedContext, input: ResolveFieldConflictInput) {
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'fieldConflicts.resolve' }, async () => {
      const r = await openRecord(ctx, tx, input.conflictId);
      const now = ctx.now();
      if (input.decision === 'dismiss') {
        if (!input.note) throw new AppError('VALIDATION', {}, { note: RESOLVE_WORDS.noteRequired[ctx.locale] });
        await markResolved(tx, [r.id], { status: 'dismissed', by: ctx.user.id, at: now, note: input.note });
        await audit(ctx, tx, r, 'dismiss', input.note);
        return { teamId: r.teamId, out: { visitId: r.visitId, dismissed: 1, accepted: 0, visitStatus: null } };
      }
      let visit = await reload(tx, r.visitId);
      const blocker = acceptBlocker(visit, r.crewId);
      if (blocker) {
        const crew = visit.crewId && visit.crewId !== r.crewId;
        throw new AppError('FIELD_CONFLICT_NOT_APPLICABLE', {
          status: codeLabel(ctx.locale, 'status', blocker),
          crew: crew ? RESOLVE_WORDS.withAnotherCrew[ctx.locale] : '',
        });
      }
      const records = recordsImplied(await findOpenRecordsOfCrew(tx, r), r);
      const first = records[0] ?? r;
      if (visit.crewId !== r.crewId) {
        const at = first.recordedAt;
        await returnVisitToCrew(ctx, tx, {
          visitId: visit.id,
          version: visit.version,
          crewId: r.crewId,
          arrival: at,
          conflictId: r.id,
        });
        visit = await reload(tx, visit.id);
      }
      for (const record of records) {
        visit = await applyRecord(ctx, tx, visit, record);
        await audit(ctx, tx, record, 'accept');
      }
      await markResolved(
        tx,
        records.map((x) => x.id),
        { status: 'accepted', by: ctx.user.id, at: now, note: input.note ?? null },
      );
      return {
        teamId: r.teamId,
        out: { visitId: r.visitId, accepted: records.length, dismissed: 0, visitStatus: visit.status as string | null },
      };
    }),
  );
  await announceVisit(ctx, result.teamId, `field_conflict.${input.decision}`, result.out.visitId);
  return result.out;
}
