import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  addresses,
  agents,
  appointments,
  auditLog,
  borrowers,
  cases,
  crews,
  fieldConflicts,
  users,
  visitPlace,
  visits,
} from '../../../drizzle/schema';
import type { ConflictReason, FieldRecordAction } from '../../../shared/domain/field-conflicts';
import { builtOnce } from '../../db/built-once';
import type { DbOrTx } from '../../db/client';
import { type DayAsk, dayParams, teamDayValue } from '../../db/sql/team-day.sql';

/**
 * Whether a crew ever had the visit: it is on the crew now, or an audited change took it from or gave it to the
 * crew (every change of a visit's crew is audited with the crew before and after). Only such a crew's records are
 * kept; anyone else's are refused as a visit that is not theirs.
 */
export async function crewHeldVisit(db: DbOrTx, visitId: string, crewId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, 'visit'),
        eq(auditLog.entityId, visitId),
        sql`(${auditLog.before}->>'crewId' = ${crewId} or ${auditLog.after}->>'crewId' = ${crewId})`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

interface NewConflict {
  teamId: string;
  visitId: string;
  crewId: string;
  agentId: string;
  userId: string;
  action: FieldRecordAction;
  clientId: string;
  payload: unknown;
  recordedAt: Date;
  receivedAt: Date;
  lat: number | null;
  lng: number | null;
  accuracyM: number | null;
  reason: ConflictReason;
  reasonAt: Date;
  reasonBy: string | null;
  visitStatus: string;
  visitVersion: number;
}

const stored = {
  id: fieldConflicts.id,
  teamId: fieldConflicts.teamId,
  visitId: fieldConflicts.visitId,
  crewId: fieldConflicts.crewId,
  userId: fieldConflicts.userId,
  action: fieldConflicts.action,
  payload: fieldConflicts.payload,
  recordedAt: fieldConflicts.recordedAt,
  lat: fieldConflicts.lat,
  lng: fieldConflicts.lng,
  accuracyM: fieldConflicts.accuracyM,
  reason: fieldConflicts.reason,
  reasonAt: fieldConflicts.reasonAt,
  reasonBy: fieldConflicts.reasonBy,
  visitStatus: fieldConflicts.visitStatus,
  status: fieldConflicts.status,
  resolvedAt: fieldConflicts.resolvedAt,
  resolvedBy: fieldConflicts.resolvedBy,
};
export type StoredConflict = NonNullable<Awaited<ReturnType<typeof findConflict>>>;

/** Stores a kept record; the stored one when its client id is already kept (a replay). */
export async function insertConflict(tx: DbOrTx, row: NewConflict) {
  const [inserted] = await tx
    .insert(fieldConflicts)
    .values(row)
    .onConflictDoNothing({ target: fieldConflicts.clientId })
    .returning({ id: fieldConflicts.id });
  if (inserted) return inserted.id;
  const [prior] = await tx
    .select({ id: fieldConflicts.id })
    .from(fieldConflicts)
    .where(eq(fieldConflicts.clientId, row.clientId));
  if (!prior) throw new Error('kept record vanished');
  return prior.id;
}

/** One kept record (locked for a decision when `lock`), or null. */
export async function findConflict(db: DbOrTx, id: string, lock = false) {
  const query = db.select(stored).from(fieldConflicts).where(eq(fieldConflicts.id, id)).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** The crew's still open records of a visit, locked for a decision, oldest first. */
export async function findOpenRecordsOfCrew(tx: DbOrTx, c: { visitId: string; crewId: string }) {
  return tx
    .select(stored)
    .from(fieldConflicts)
    .where(
      and(
        eq(fieldConflicts.visitId, c.visitId),
        eq(fieldConflicts.crewId, c.crewId),
        eq(fieldConflicts.status, 'open'),
      ),
    )
    .orderBy(asc(fieldConflicts.recordedAt), asc(fieldConflicts.receivedAt))
    .for('update');
}

/** Closes records with the decision, who made it and when (and the dispatcher's note). */
export async function markResolved(
  tx: DbOrTx,
  ids: string[],
  r: { status: 'accepted' | 'dismissed'; by: string; at: Date; note: string | null },
) {
  if (ids.length === 0) return;
  await tx
    .update(fieldConflicts)
    .set({ status: r.status, resolvedBy: r.by, resolvedAt: r.at, resolutionNote: r.note })
    .where(inArray(fieldConflicts.id, ids));
}

/** The display name of a user, or null. */
export async function findUserName(db: DbOrTx, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

const recordingCrew = alias(crews, 'recording_crew');
const currentCrew = alias(crews, 'current_crew');
const reasonUser = alias(users, 'reason_user');
const resolver = alias(users, 'resolver');

/** A team's kept records (open ones, or all), of a visit day or of every day, newest first, with the visit's facts. */
export async function listTeamConflicts(db: DbOrTx, f: { teamId: string; date?: string; openOnly: boolean }) {
  return db
    .select({
      ...stored,
      receivedAt: fieldConflicts.receivedAt,
      resolutionNote: fieldConflicts.resolutionNote,
      visitDate: visits.visitDate,
      currentStatus: visits.status,
      currentCrewId: visits.crewId,
      currentCrewName: currentCrew.name,
      crewName: recordingCrew.name,
      agentName: agents.fullName,
      borrowerName: borrowers.fullName,
      district: addresses.district,
      addressLat: visitPlace.lat,
      addressLng: visitPlace.lng,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      reasonByName: reasonUser.displayName,
      resolvedByName: resolver.displayName,
    })
    .from(fieldConflicts)
    .innerJoin(visits, eq(visits.id, fieldConflicts.visitId))
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .innerJoin(agents, eq(agents.id, fieldConflicts.agentId))
    .innerJoin(recordingCrew, eq(recordingCrew.id, fieldConflicts.crewId))
    .leftJoin(currentCrew, eq(currentCrew.id, visits.crewId))
    .leftJoin(reasonUser, eq(reasonUser.id, fieldConflicts.reasonBy))
    .leftJoin(resolver, eq(resolver.id, fieldConflicts.resolvedBy))
    .where(
      and(
        eq(fieldConflicts.teamId, f.teamId),
        f.openOnly ? eq(fieldConflicts.status, 'open') : undefined,
        f.date ? eq(visits.visitDate, f.date) : undefined,
      ),
    )
    .orderBy(sql`${fieldConflicts.recordedAt} desc`)
    .limit(500);
}

const openCountsOfDay = builtOnce((db) =>
  db
    .select({ visitId: fieldConflicts.visitId, open: count() })
    .from(fieldConflicts)
    .innerJoin(visits, eq(visits.id, fieldConflicts.visitId))
    .where(
      and(
        eq(fieldConflicts.teamId, sql.placeholder('teamId')),
        eq(fieldConflicts.status, 'open'),
        eq(visits.visitDate, teamDayValue(sql`${sql.placeholder('teamId')}`)),
      ),
    )
    .groupBy(fieldConflicts.visitId)
    .prepare('doorstep_open_conflicts_of_day'),
);

/** Open records per visit of a team-day (the board's conflict markers; the day may be today); built once. */
export async function openConflictCounts(db: DbOrTx, teamId: string, day: DayAsk) {
  return openCountsOfDay(db).execute({ teamId, ...dayParams(day) });
}
