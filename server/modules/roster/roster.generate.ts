/**
 * Shift generation (SPEC §8.2): an agent's weekly patterns minus the exceptions make the shifts of each date
 * from today to the horizon, converted from the team's local time (DST-safe: each date's own offset). Runs for
 * the agents and dates a roster change touches, inside its transaction. Hand-set (`manual`) shifts are kept,
 * except on a date the agent is now off. A shift that disappears or shrinks where the agent's crew has visits
 * goes through the one release path (dispatch.release.ts): refused with the list, or released when confirmed.
 */
import type { AppErrorCode } from '../../../shared/errors';
import { isoWeekday, ROSTER_HORIZON_DAYS } from '../../../shared/rules/roster';
import { addDays, localDate, zonedTimeToUtc } from '../../../shared/time';
import type { Tx } from '../../db/client';
import { type AffectedVisit, releaseAffectedVisits } from '../dispatch/dispatch.release';
import { agentCrewIds, dropAgentFromCrews } from '../teams/crews.service';
import {
  type BaseRow,
  type ExceptionRow,
  findBases,
  findExceptions,
  findPatterns,
  findRosterAgents,
  type PatternRow,
  type PatternValues,
  type RosterAgent,
} from './roster.repo';
import { deleteShifts, findShifts, insertShifts, type ShiftRow, type ShiftValues, updateShift } from './shifts.repo';

/** Whose shifts on which dates to bring in line with the roster. */
export interface RegenScope {
  teamId: string;
  timeZone: string;
  agentIds: string[];
  from: string;
  to: string;
}

/** The change being made: who, when, whether visits may be released, and the tray reason if they are. */
export interface RegenChange {
  confirm: boolean;
  reason: Extract<AppErrorCode, 'TRAY_AGENT_OFF' | 'TRAY_SHIFT_CHANGED'>;
  userId: string;
  at: Date;
  cause: Record<string, unknown>;
}

export interface RegenResult {
  inserted: number;
  updated: number;
  removed: number;
  released: AffectedVisit[];
}

/** The first and last date shifts exist for, seen from `at` in the team's zone. */
export function rosterHorizon(at: Date, timeZone: string): { today: string; last: string } {
  const today = localDate(at, timeZone);
  return { today, last: addDays(today, ROSTER_HORIZON_DAYS) };
}

function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const covers = (e: ExceptionRow, agentId: string, date: string) =>
  (e.agentId === null || e.agentId === agentId) && e.startsOn <= date && date <= e.endsOn;

/** The pattern of an agent that applies on a date (patterns of one agent never overlap; see roster.patterns.ts). */
export function patternOn(patterns: PatternRow[], agentId: string, date: string): PatternRow | undefined {
  const weekday = isoWeekday(date);
  return patterns.find(
    (p) =>
      p.agentId === agentId &&
      p.weekdays.includes(weekday) &&
      p.validFrom <= date &&
      (p.validTo === null || date <= p.validTo),
  );
}

/** A place: the base's when one is named, else the agent's own base or home place. */
function placeOf(agent: RosterAgent, baseId: string | null, bases: Map<string, BaseRow>) {
  const base = bases.get(baseId ?? agent.baseId ?? '');
  return base ? { lat: base.lat, lng: base.lng } : { lat: agent.homeBaseLat, lng: agent.homeBaseLng };
}

/** The shift a pattern makes on a date, in UTC instants of the team's local times. */
export function shiftFromTimes(
  agent: RosterAgent,
  date: string,
  t: Omit<PatternValues, 'agentId' | 'weekdays' | 'validFrom' | 'validTo'>,
  timeZone: string,
  bases: Map<string, BaseRow>,
  origin: ShiftValues['origin'],
): ShiftValues {
  const start = placeOf(agent, t.startBaseId, bases);
  const end = placeOf(agent, t.endBaseId, bases);
  const at = (time: string | null) => (time ? zonedTimeToUtc(date, time, timeZone) : null);
  return {
    agentId: agent.id,
    workDate: date,
    startsAt: at(t.starts) as Date,
    endsAt: at(t.ends) as Date,
    breakStartsAt: at(t.breakStarts),
    breakEndsAt: at(t.breakEnds),
    breakMinutes: t.breakStarts ? t.breakMinutes : 0,
    startLat: start.lat,
    startLng: start.lng,
    endLat: end.lat,
    endLng: end.lng,
    origin,
  };
}

const time = (d: Date | null) => d?.getTime() ?? null;

function sameShift(a: ShiftValues, b: ShiftValues): boolean {
  return (
    time(a.startsAt) === time(b.startsAt) &&
    time(a.endsAt) === time(b.endsAt) &&
    time(a.breakStartsAt) === time(b.breakStartsAt) &&
    time(a.breakEndsAt) === time(b.breakEndsAt) &&
    a.breakMinutes === b.breakMinutes &&
    a.startLat === b.startLat &&
    a.startLng === b.startLng &&
    a.endLat === b.endLat &&
    a.endLng === b.endLng
  );
}

/** Whether the new window leaves out part of the old one (a visit planned there would fall outside). */
export function shortens(before: { startsAt: Date; endsAt: Date }, after: { startsAt: Date; endsAt: Date }): boolean {
  return after.startsAt > before.startsAt || after.endsAt < before.endsAt;
}

/**
 * Releases the visits of the crews the agents are in on the dates they lose or shrink their shift (refused with
 * the list unless confirmed). Whole crew-days: a shortened shift releases all of that crew's visits of the day,
 * not only those it no longer covers (the release path selects by crew and date).
 */
export async function releaseForShiftChanges(
  tx: Tx,
  teamId: string,
  touched: Map<string, string[]>,
  change: RegenChange,
): Promise<AffectedVisit[]> {
  const crewIds: string[] = [];
  const allDates: string[] = [];
  for (const [agentId, dates] of touched) {
    crewIds.push(...(await agentCrewIds(tx, { agentId, dates })));
    allDates.push(...dates);
  }
  if (crewIds.length === 0) return [];
  allDates.sort();
  const { released } = await releaseAffectedVisits(
    tx,
    { teamId, from: allDates[0] as string, to: allDates.at(-1) as string, crewIds: [...new Set(crewIds)] },
    change,
  );
  return released;
}

const push = (m: Map<string, string[]>, agentId: string, date: string) => {
  const list = m.get(agentId);
  if (list) list.push(date);
  else m.set(agentId, [date]);
};

/** Brings the scope's shifts in line with the roster (see the file's comment). */
export async function regenerateShifts(tx: Tx, scope: RegenScope, change: RegenChange): Promise<RegenResult> {
  const { today, last } = rosterHorizon(change.at, scope.timeZone);
  // YYYY-MM-DD strings order as dates do.
  const from = [scope.from, today].sort()[1] as string;
  const to = [scope.to, last].sort()[0] as string;
  const empty: RegenResult = { inserted: 0, updated: 0, removed: 0, released: [] };
  if (from > to || scope.agentIds.length === 0) return empty;
  // Inactive agents are left as they are: the agents module takes them off their crews when it deactivates them.
  const agents = (await findRosterAgents(tx, { ids: scope.agentIds })).filter((a) => a.active);
  const agentIds = agents.map((a) => a.id);
  const patterns = await findPatterns(tx, { agentIds, from, to });
  const exceptions = await findExceptions(tx, { teamId: scope.teamId, from, to, agentIds });
  const existing = new Map<string, ShiftRow>();
  for (const s of await findShifts(tx, { agentIds, from, to })) existing.set(`${s.agentId}|${s.workDate}`, s);
  const baseIds = new Set<string>();
  for (const p of patterns) for (const b of [p.startBaseId, p.endBaseId]) if (b) baseIds.add(b);
  for (const a of agents) if (a.baseId) baseIds.add(a.baseId);
  const bases = new Map((await findBases(tx, { ids: [...baseIds] })).map((b) => [b.id, b]));

  const inserts: ShiftValues[] = [];
  const updates: Array<{ id: string; values: ShiftValues }> = [];
  const removals: ShiftRow[] = [];
  const lost = new Map<string, string[]>();
  const shrunk = new Map<string, string[]>();
  for (const agent of agents) {
    for (const date of datesFrom(from, to)) {
      const off = exceptions.some((e) => covers(e, agent.id, date));
      const pattern = off ? undefined : patternOn(patterns, agent.id, date);
      const want = pattern ? shiftFromTimes(agent, date, pattern, scope.timeZone, bases, 'roster') : null;
      const have = existing.get(`${agent.id}|${date}`);
      if (!have) {
        if (want) inserts.push(want);
      } else if (have.origin === 'manual' && !off) {
        // A hand-set shift stays until the agent is off that day.
      } else if (!want) {
        removals.push(have);
        push(lost, agent.id, date);
      } else if (!sameShift(have, want)) {
        updates.push({ id: have.id, values: want });
        if (shortens(have, want)) push(shrunk, agent.id, date);
      }
    }
  }
  const touched = new Map(lost);
  for (const [agentId, dates] of shrunk) for (const d of dates) push(touched, agentId, d);
  const released = await releaseForShiftChanges(tx, scope.teamId, touched, change);
  await deleteShifts(
    tx,
    removals.map((r) => r.id),
  );
  for (const u of updates) await updateShift(tx, u.id, u.values);
  await insertShifts(tx, inserts);
  for (const [agentId, dates] of lost) await dropAgentFromCrews(tx, { agentId, dates });
  return { inserted: inserts.length, updated: updates.length, removed: removals.length, released };
}
