import {
  describeConflictReason,
  FIELD_RECORD_WORDS,
  type FieldRecordAction,
  type FieldRecordNotice,
} from '../../../shared/domain/field-conflicts';
import { codeLabel } from '../../../shared/domain/labels';
import { AppError } from '../../../shared/errors';
import { haversineM } from '../../../shared/geo';
import { givenName } from '../../../shared/pii';
import type { ListFieldConflictsInput } from '../../../shared/schemas/field';
import { localTime } from '../../../shared/time';
import { iso } from '../../../shared/wire';
import type { DbOrTx } from '../../db/client';
import type { DayAsk } from '../../db/sql/team-day.sql';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { announceVisit } from '../live/live.bus';
import { getAccessibleTeam } from '../teams/teams.service';
import { insertConflict, listTeamConflicts, openConflictCounts } from './conflicts.repo';
import { acceptBlocker, conflictReason } from './field.records';
import type { RecordTarget } from './visit-access';
import { zoneOf } from './visit-access';

/** A procedure's answer when the record was kept: stored as the idempotent answer, thrown as FIELD_RECORD_KEPT. */
export interface Kept {
  kept: FieldRecordNotice;
  teamId: string;
}

/** A field record that could not land on its visit, as the procedure received it. */
interface KeptRecord {
  action: FieldRecordAction;
  clientId: string;
  /** The record as sent (an outcome with its files' server ids), what accepting it applies. */
  payload: Record<string, unknown>;
  recordedAt: Date;
  lat?: number;
  lng?: number;
  accuracyM?: number;
}

/**
 * Keeps a record the visit could not take (taken off the crew, moved, cancelled, missed): stored with who, when on
 * the phone, when received and where, audited on the visit (which also tells the board), in the caller's
 * transaction. A replay of the same record finds the stored one. Answers what the phone is told.
 */
export async function keepFieldRecord(
  ctx: AuthedContext,
  tx: DbOrTx,
  target: RecordTarget,
  r: KeptRecord,
): Promise<Kept> {
  const { visit } = target;
  const now = ctx.now();
  const reason = conflictReason(visit, target.crewId);
  const conflictId = await insertConflict(tx, {
    teamId: visit.teamId,
    visitId: visit.id,
    crewId: target.crewId,
    agentId: target.agentId,
    userId: ctx.user.id,
    action: r.action,
    clientId: r.clientId,
    payload: r.payload,
    recordedAt: r.recordedAt,
    receivedAt: now,
    lat: r.lat ?? null,
    lng: r.lng ?? null,
    accuracyM: r.accuracyM ?? null,
    reason,
    reasonAt: visit.updatedAt,
    reasonBy: visit.updatedBy,
    visitStatus: visit.status,
    visitVersion: visit.version,
  });
  await appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId: visit.teamId,
    action: 'field_conflict.keep',
    entityType: 'visit',
    entityId: visit.id,
    before: { status: visit.status, crewId: visit.crewId, version: visit.version },
    after: { conflictId, record: r.action, recordedAt: r.recordedAt.toISOString(), reason, crewId: target.crewId },
    at: now,
  });
  const kept: FieldRecordNotice = {
    conflictId,
    visitId: visit.id,
    action: r.action,
    recordedAt: r.recordedAt.toISOString(),
    reason,
    reasonAt: visit.updatedAt.toISOString(),
    reasonBy: visit.updatedByName,
    visitStatus: visit.status,
    borrowerFirstName: givenName(visit.borrowerName),
    slotStart: visit.slotStart.toISOString(),
    slotEnd: visit.slotEnd.toISOString(),
    timeZone: zoneOf(ctx, visit),
  };
  return { kept, teamId: visit.teamId };
}

/**
 * The answer to a kept record, after its commit: the board hears of it at once, and the phone gets 409
 * FIELD_RECORD_KEPT naming the visit and what happened.
 */
export async function keptAnswer(ctx: AuthedContext, k: Kept): Promise<AppError> {
  await announceVisit(ctx, k.teamId, 'field_conflict.keep', k.kept.visitId);
  return keptError(ctx, k.kept);
}

/**
 * The message of a kept record: the visit named and what happened, in the caller's language and the team's time,
 * with the notice itself as details for the phone.
 */
function keptError(ctx: AuthedContext, n: FieldRecordNotice): AppError {
  const hm = (iso: string) => localTime(new Date(iso), n.timeZone);
  const because = describeConflictReason(ctx.locale, n.reason, {
    at: hm(n.reasonAt),
    by: n.reasonBy,
    status: codeLabel(ctx.locale, 'status', n.visitStatus),
  });
  return new AppError('FIELD_RECORD_KEPT', {
    ...n,
    borrower: n.borrowerFirstName,
    slot: `${hm(n.slotStart)}–${hm(n.slotEnd)}`,
    record: FIELD_RECORD_WORDS[n.action][ctx.locale],
    time: hm(n.recordedAt),
    because,
  });
}

/** The record as the dispatcher's list shows it: what, for which visit, who, when, where, and what can be done. */
function toListItem(r: Awaited<ReturnType<typeof listTeamConflicts>>[number]) {
  const payload = (r.payload ?? {}) as { code?: string; attachmentIds?: string[]; notes?: string };
  const where = r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null;
  const blocker = acceptBlocker({ status: r.currentStatus, crewId: r.currentCrewId }, r.crewId);
  return {
    id: r.id,
    visitId: r.visitId,
    visitDate: r.visitDate,
    action: r.action as FieldRecordAction,
    status: r.status as 'open' | 'accepted' | 'dismissed',
    agentName: r.agentName,
    crewName: r.crewName,
    borrowerName: r.borrowerName,
    district: r.district,
    slotStart: r.slotStart.toISOString(),
    slotEnd: r.slotEnd.toISOString(),
    recordedAt: r.recordedAt.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    lat: r.lat,
    lng: r.lng,
    accuracyM: r.accuracyM,
    distanceM: where ? Math.round(haversineM(where, { lat: r.addressLat, lng: r.addressLng })) : null,
    reason: r.reason,
    reasonAt: r.reasonAt.toISOString(),
    reasonBy: r.reasonByName,
    statusAtReceipt: r.visitStatus,
    visitStatus: r.currentStatus,
    currentCrewName: r.currentCrewName,
    outcomeCode: r.action === 'outcome' ? (payload.code ?? null) : null,
    notes: r.action === 'outcome' ? (payload.notes ?? null) : null,
    files: r.action === 'outcome' ? (payload.attachmentIds?.length ?? 0) : 0,
    canAccept: r.status === 'open' && blocker === null,
    resolvedAt: iso(r.resolvedAt),
    resolvedBy: r.resolvedByName,
    note: r.resolutionNote,
  };
}

/** A team's kept field records (open ones by default), for the dispatcher to accept or dismiss. */
export async function listFieldConflicts(ctx: AuthedContext, input: ListFieldConflictsInput) {
  const team = await getAccessibleTeam(ctx, input.teamId);
  const rows = await listTeamConflicts(ctx.db, {
    teamId: team.id,
    date: input.date,
    openOnly: input.status === 'open',
  });
  return { timeZone: team.timeZone, items: rows.map(toListItem) };
}

/** Visits of a team-day with open kept records, and how many (the board's markers). */
export function openConflictsOfDay(db: DbOrTx, teamId: string, day: DayAsk) {
  return openConflictCounts(db, teamId, day);
}
