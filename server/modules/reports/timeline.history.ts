import type { HistoryEntry } from '../../../shared/history/messages';
import { localDate, localTime } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import { findCrewNames, findUserNames } from './timeline.repo';

/** An audit entry as read for a visit's timeline. */
export interface AuditRow {
  at: Date;
  action: string;
  actor: string | null;
  before: unknown;
  after: unknown;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** What an entry names by id: crews (assignments) and users (whom a complaint went to). */
function referencedIds(rows: readonly AuditRow[]) {
  const crewIds = new Set<string>();
  const userIds = new Set<string>();
  for (const r of rows) {
    for (const side of [obj(r.before), obj(r.after)]) {
      const crew = str(side.crewId);
      if (crew) crewIds.add(crew);
    }
    const assignee = str(obj(r.after).assignedTo);
    if (assignee) userIds.add(assignee);
  }
  return { crewIds: [...crewIds], userIds: [...userIds] };
}

/**
 * Turns audit entries into history entries: ids become the names of crews (with their members) and people,
 * instants become HH:MM (and a date where the sentence needs one) in the team's zone, and a correction names
 * the outcome it replaced. The sentences themselves come from shared/history/messages.ts in the reader's language.
 */
export async function toHistory(
  db: DbOrTx,
  rows: readonly AuditRow[],
  zone: string,
  outcomeCodeByVersion: ReadonlyMap<number, string>,
): Promise<HistoryEntry[]> {
  const ids = referencedIds(rows);
  const [crewRows, userRows] = await Promise.all([findCrewNames(db, ids.crewIds), findUserNames(db, ids.userIds)]);
  const crews = new Map<string, { name: string; members: string[] }>();
  for (const c of crewRows) {
    const crew = crews.get(c.id) ?? { name: c.name, members: [] };
    if (c.member) crew.members.push(c.member);
    crews.set(c.id, crew);
  }
  const users = new Map(userRows.map((u) => [u.id, u.name]));
  const time = (iso: unknown) => (str(iso) ? localTime(new Date(iso as string), zone) : null);
  const date = (iso: unknown) => (str(iso) ? localDate(new Date(iso as string), zone) : null);
  const slot = (start: unknown, end: unknown) => (str(start) && str(end) ? `${time(start)}–${time(end)}` : null);
  const crewName = (id: unknown) => (str(id) ? (crews.get(id as string)?.name ?? null) : null);

  return rows.map((r) => {
    const before = obj(r.before);
    const after = obj(r.after);
    const params: HistoryEntry['params'] = { time: localTime(r.at, zone), actor: r.actor };
    switch (r.action) {
      case 'visit.create':
        Object.assign(params, { visitType: str(after.visitType), slot: slot(after.slotStart, after.slotEnd) });
        break;
      case 'visit.assign':
      case 'visit.move':
      case 'visit.plan.assign': {
        const crew = str(after.crewId) ? crews.get(after.crewId as string) : undefined;
        Object.assign(params, {
          crew: crew?.name ?? null,
          members: crew?.members ?? null,
          fromCrew: crewName(before.crewId),
          arrival: time(after.plannedArrival),
        });
        break;
      }
      case 'visit.return_to_crew': {
        const crew = str(after.crewId) ? crews.get(after.crewId as string) : undefined;
        Object.assign(params, { crew: crew?.name ?? null, members: crew?.members ?? null });
        break;
      }
      case 'outcome.files_removed': {
        const files = Array.isArray(after.files) ? after.files.map(obj) : [];
        Object.assign(params, {
          count: files.length,
          kinds: files.map((f) => str(f.kind)).filter((k): k is string => k !== null),
          version: num(after.version),
        });
        break;
      }
      case 'field_conflict.keep':
      case 'field_conflict.accept':
      case 'field_conflict.dismiss':
        Object.assign(params, {
          record: str(after.record),
          recordedAt: time(after.recordedAt),
          conflictReason: str(after.reason),
          note: str(after.note),
        });
        break;
      case 'visit.unassign':
      case 'visit.plan.unassign':
        params.fromCrew = crewName(before.crewId);
        break;
      case 'visit.check_in':
        params.distance = num(after.checkInDistanceM);
        break;
      case 'visit.cancel':
      case 'appointment.cancel':
        params.reason = str(after.reason);
        break;
      case 'visit.missed':
        Object.assign(params, { reason: str(after.reason), slotEnd: time(after.slotEnd) });
        break;
      case 'appointment.agree':
        Object.assign(params, { date: date(after.slotStart), slot: slot(after.slotStart, after.slotEnd) });
        break;
      case 'appointment.reschedule':
        Object.assign(params, { date: date(before.slotStart), slot: time(before.slotStart) });
        break;
      case 'outcome.record':
        params.outcome = str(after.code);
        break;
      case 'outcome.correct': {
        const previous = num(before.outcomeVersion);
        Object.assign(params, {
          outcome: str(after.code),
          fromOutcome: previous === null ? null : (outcomeCodeByVersion.get(previous) ?? null),
          version: num(after.version),
          reason: str(after.correctionReason),
        });
        break;
      }
      case 'complaint.assign':
        params.assignee = str(after.assignedTo) ? (users.get(after.assignedTo as string) ?? null) : null;
        break;
      case 'compliance.acknowledge':
        params.comment = str(after.comment);
        break;
      case 'attachment.upload':
      case 'attachment.view':
      case 'attachment.download':
        params.kind = str(after.kind);
        break;
    }
    return { action: r.action, params };
  });
}
