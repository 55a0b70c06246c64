import { credentialStatus } from '../credential';
import type { LatLng } from '../geo';
import { localDate, localMinutes, localTime, timeToMinutes } from '../time';

/** Everything a rule check needs about the visit being placed. */
export interface PlacedVisit {
  id: string;
  borrowerId: string;
  visitDate: string;
  slotStart: Date;
  slotEnd: Date;
  agreedAt: Date;
  borrowerConfirmed: boolean;
  /** A notice (first or appointment notice) was logged on the case before the slot was agreed. */
  noticeLogged: boolean;
  /** The appointment's address belongs to the case's borrower. */
  addressIsBorrowers: boolean;
  serviceMinutes: number;
  requiredSkills: readonly string[];
  place: LatLng;
}

export interface CrewMemberForRules {
  agentId: string;
  fullName: string;
  skills: readonly string[];
  credentialValidFrom: string;
  credentialValidTo: string;
  /** False once an admin deactivated the agent: they keep their history but take no new visits. */
  active: boolean;
  shiftStart: Date | null;
  shiftEnd: Date | null;
  maxVisitsPerDay: number;
}

/** Another visit already on the crew's day (the one being placed excluded). */
export interface CrewStop {
  id: string;
  arrival: Date;
  serviceMinutes: number;
  place: LatLng;
}

export interface PolicyForRules {
  timeZone: string;
  allowedStart: string;
  allowedEnd: string;
  frequencyCap: number;
  frequencyWindowDays: number;
  minNoticeMinutes: number;
  twoPersonRule: boolean;
}

export interface PlacementInput {
  visit: PlacedVisit;
  arrival: Date;
  crew: { id: string; workDate: string; members: readonly CrewMemberForRules[] };
  crewStops: readonly CrewStop[];
  /** Start times of the borrower's other active (not cancelled) visits. */
  borrowerVisitTimes: readonly Date[];
  policy: PolicyForRules;
  /** Travel time in minutes between two places (the matrix provider's estimate). */
  travelMinutes: (from: LatLng, to: LatLng) => number;
  /** The server's clock: nothing is assigned to arrive before it. */
  now: Date;
}

const VIOLATION_CODES = [
  'NOT_CONFIRMED',
  'NO_NOTICE',
  'NOT_BORROWERS_ADDRESS',
  'ARRIVAL_IN_PAST',
  'MIN_NOTICE',
  'OUTSIDE_SLOT',
  'OUTSIDE_ALLOWED_HOURS',
  'WRONG_DAY',
  'OUTSIDE_SHIFT',
  'OVERLAP',
  'TRAVEL_TIME',
  'MISSING_SKILL',
  'CREDENTIAL_INVALID',
  'AGENT_INACTIVE',
  'MAX_VISITS',
  'FREQUENCY_CAP',
  'TWO_PERSON_RULE',
] as const;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

/** One broken rule with the facts a dispatcher needs to understand it (times already in local HH:MM). */
export interface Violation {
  code: ViolationCode;
  params: Record<string, string | number>;
}

const MIN = 60_000;

/**
 * What must hold of the visit itself before it goes on any crew, in this order: the borrower confirmed, a notice
 * was logged, the address is the borrower's. A manual placement lists them all; the planner keeps a visit out
 * for the first one.
 */
export function visitPreconditions(
  visit: Pick<PlacedVisit, 'borrowerConfirmed' | 'noticeLogged' | 'addressIsBorrowers'>,
): Violation[] {
  const out: Violation[] = [];
  if (!visit.borrowerConfirmed) out.push({ code: 'NOT_CONFIRMED', params: {} });
  if (!visit.noticeLogged) out.push({ code: 'NO_NOTICE', params: {} });
  if (!visit.addressIsBorrowers) out.push({ code: 'NOT_BORROWERS_ADDRESS', params: {} });
  return out;
}

/**
 * Checks placing a visit on a crew at an arrival time against every scheduling rule of SPEC §4.
 * Pure: the caller loads the data; the server runs it on save, the client may run it to warn early.
 */
export function checkPlacement(input: PlacementInput): Violation[] {
  const { visit, arrival, crew, policy } = input;
  const tz = policy.timeZone;
  const hm = (d: Date) => localTime(d, tz);
  const out: Violation[] = [];
  const start = arrival.getTime();
  const end = start + visit.serviceMinutes * MIN;

  out.push(...visitPreconditions(visit));

  // A crew cannot be sent back in time: the dispatcher would be told "saved" for a visit nobody can make.
  if (start < input.now.getTime())
    out.push({ code: 'ARRIVAL_IN_PAST', params: { arrival: hm(arrival), now: hm(input.now) } });

  const noticeMinutes = Math.floor((start - visit.agreedAt.getTime()) / MIN);
  if (noticeMinutes < policy.minNoticeMinutes) {
    out.push({ code: 'MIN_NOTICE', params: { minutes: policy.minNoticeMinutes, actual: Math.max(0, noticeMinutes) } });
  }

  if (start < visit.slotStart.getTime() || start > visit.slotEnd.getTime()) {
    out.push({
      code: 'OUTSIDE_SLOT',
      params: { arrival: hm(arrival), slotStart: hm(visit.slotStart), slotEnd: hm(visit.slotEnd) },
    });
  }

  const localStart = localMinutes(arrival, tz);
  const localEnd = localStart + visit.serviceMinutes;
  const sameLocalDay = localDate(arrival, tz) === localDate(new Date(end - 1), tz);
  if (!sameLocalDay || localStart < timeToMinutes(policy.allowedStart) || localEnd > timeToMinutes(policy.allowedEnd)) {
    out.push({
      code: 'OUTSIDE_ALLOWED_HOURS',
      params: {
        start: hm(arrival),
        end: hm(new Date(end)),
        allowedStart: policy.allowedStart.slice(0, 5),
        allowedEnd: policy.allowedEnd.slice(0, 5),
      },
    });
  }

  if (crew.workDate !== visit.visitDate || localDate(arrival, tz) !== visit.visitDate) {
    out.push({ code: 'WRONG_DAY', params: { crewDate: crew.workDate, visitDate: visit.visitDate } });
  }

  for (const m of crew.members) {
    if (!m.shiftStart || !m.shiftEnd || start < m.shiftStart.getTime() || end > m.shiftEnd.getTime()) {
      out.push({
        code: 'OUTSIDE_SHIFT',
        params: {
          agent: m.fullName,
          start: hm(arrival),
          end: hm(new Date(end)),
          shiftStart: m.shiftStart ? hm(m.shiftStart) : '—',
          shiftEnd: m.shiftEnd ? hm(m.shiftEnd) : '—',
        },
      });
    }
    if (!m.active) out.push({ code: 'AGENT_INACTIVE', params: { agent: m.fullName } });
    const status = credentialStatus(m.credentialValidFrom, m.credentialValidTo, visit.visitDate);
    if (status !== 'valid') {
      out.push({
        code: 'CREDENTIAL_INVALID',
        params: { agent: m.fullName, status, validFrom: m.credentialValidFrom, validTo: m.credentialValidTo },
      });
    }
  }

  // A skill is needed by the crew, not by each member.
  const crewSkills = new Set(crew.members.flatMap((m) => m.skills));
  const lacking = visit.requiredSkills.filter((skill) => !crewSkills.has(skill));
  if (lacking.length) out.push({ code: 'MISSING_SKILL', params: { skills: lacking.join(', ') } });

  const others = [...input.crewStops].sort((a, b) => a.arrival.getTime() - b.arrival.getTime());
  for (const o of others) {
    const oStart = o.arrival.getTime();
    const oEnd = oStart + o.serviceMinutes * MIN;
    if (start < oEnd && oStart < end) {
      out.push({ code: 'OVERLAP', params: { otherStart: hm(o.arrival), otherEnd: hm(new Date(oEnd)) } });
    }
  }
  const prev = others.filter((o) => o.arrival.getTime() < start).at(-1);
  const next = others.find((o) => o.arrival.getTime() >= start);
  if (prev) {
    const prevEnd = prev.arrival.getTime() + prev.serviceMinutes * MIN;
    const need = input.travelMinutes(prev.place, visit.place);
    const have = Math.floor((start - prevEnd) / MIN);
    if (prevEnd <= start && have < need) {
      out.push({ code: 'TRAVEL_TIME', params: { from: hm(new Date(prevEnd)), need, have } });
    }
  }
  if (next && next.arrival.getTime() >= end) {
    const need = input.travelMinutes(visit.place, next.place);
    const have = Math.floor((next.arrival.getTime() - end) / MIN);
    if (have < need) out.push({ code: 'TRAVEL_TIME', params: { from: hm(new Date(end)), need, have } });
  }

  const cap = Math.min(...crew.members.map((m) => m.maxVisitsPerDay));
  if (crew.members.length && others.length + 1 > cap) out.push({ code: 'MAX_VISITS', params: { max: cap } });

  if (busiestWindow(input.borrowerVisitTimes, start, policy.frequencyWindowDays) > policy.frequencyCap) {
    out.push({ code: 'FREQUENCY_CAP', params: { cap: policy.frequencyCap, days: policy.frequencyWindowDays } });
  }

  if (policy.twoPersonRule && crew.members.length < 2) out.push({ code: 'TWO_PERSON_RULE', params: {} });
  return out;
}

/**
 * The most visits of a borrower in any rolling window of `days` that contains the new visit at `at`:
 * windows are tried starting at each visit inside [at − window, at].
 */
export function busiestWindow(otherTimes: readonly Date[], at: number, days: number): number {
  const windowMs = days * 24 * 60 * MIN;
  const times = [...otherTimes.map((t) => t.getTime()), at].sort((a, b) => a - b);
  let best = 0;
  for (const s of times) {
    if (s > at || s + windowMs <= at) continue;
    best = Math.max(best, times.filter((t) => t >= s && t < s + windowMs).length);
  }
  return best;
}
