import { credentialStatus } from '../../../shared/credential';
import { haversineM, type LatLng, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';
import type { PolicyForRules } from '../../../shared/rules/placement';
import { zonedTimeToUtc } from '../../../shared/time';
import type { CrewNow, Job, Matrix, Problem, Vehicle } from '../../solver/index';
import { prepareReplan } from '../../solver/index';
import { type CrewFacts, crewWindow } from '../teams/crews.repo';
import type { PlanVisit } from './planning.repo';

/** Visits already under way or over: the planner leaves them where they are. */
export const FIXED_STATUSES = new Set(['en_route', 'on_site', 'completed', 'missed']);

/** Why a visit or crew is kept out before the solver runs (rules the solver does not model). */
export type PrecheckCode =
  | 'NOT_CONFIRMED'
  | 'NO_NOTICE'
  | 'NOT_BORROWERS_ADDRESS'
  | 'WINDOW_EMPTY'
  | 'CREW_CREDENTIAL'
  | 'CREW_TWO_PERSON'
  | 'CREW_NO_SHIFT';

export interface BuiltProblem {
  problem: Problem;
  /** Seconds of the solver clock are counted from this instant (local midnight of the day). */
  baseMs: number;
  excludedVisits: Array<{ visitId: string; code: PrecheckCode }>;
  excludedCrews: Array<{ crewId: string; code: PrecheckCode }>;
}

/** Added to a pinned visit's priority (real priorities are 1–3). */
const PIN_PRIORITY_BOOST = 1000;

const sec = (d: Date, baseMs: number) => Math.round((d.getTime() - baseMs) / 1000);

/**
 * Straight-line matrix built with the very model the placement rules use (shared/geo), so a plan the solver
 * finds never fails the server's travel-time check on apply.
 */
export function rulesMatrix(places: LatLng[]): Matrix {
  const size = places.length;
  const durations = new Float64Array(size * size);
  const distances = new Float64Array(size * size);
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) {
      if (a === b) continue;
      const pa = places[a] as LatLng;
      const pb = places[b] as LatLng;
      durations[a * size + b] = travelMinutes(pa, pb) * 60;
      distances[a * size + b] = haversineM(pa, pb) * STRAIGHT_LINE_MODEL.detourFactor;
    }
  return { size, durations, distances };
}

function crewProblem(crew: CrewFacts, date: string, policy: PolicyForRules): PrecheckCode | null {
  if (crew.members.some((m) => credentialStatus(m.credentialValidFrom, m.credentialValidTo, date) !== 'valid'))
    return 'CREW_CREDENTIAL';
  if (policy.twoPersonRule && crew.members.length < 2) return 'CREW_TWO_PERSON';
  if (crew.members.some((m) => !m.shiftStart || !m.shiftEnd || !m.start || !m.end)) return 'CREW_NO_SHIFT';
  return null;
}

/**
 * The solver's problem for a team-day (SPEC §5): crews are vehicles (common shift of the pair, lead's
 * places and break, skills, max visits); visits are jobs with window = slot ∩ allowed hours ∩ notice;
 * pins are kept; fixed visits leave the problem through prepareReplan, crews continuing from them.
 */
export function buildProblem(args: {
  date: string;
  policy: PolicyForRules;
  crews: CrewFacts[];
  visits: PlanVisit[];
  /** Re-plan from now: crews start at their latest check-in (or base) no earlier than now. */
  fromNow: { now: Date; lastSeen: Map<string, LatLng> } | null;
}): BuiltProblem {
  const { date, policy, fromNow } = args;
  const baseMs = zonedTimeToUtc(date, '00:00', policy.timeZone).getTime();
  const places: LatLng[] = [];
  const at = (p: LatLng) => places.push(p) - 1;
  const excludedCrews: BuiltProblem['excludedCrews'] = [];
  const vehicles: Vehicle[] = [];
  for (const crew of args.crews) {
    const problem = crewProblem(crew, date, policy);
    if (problem) {
      excludedCrews.push({ crewId: crew.id, code: problem });
      continue;
    }
    const lead = crew.members.find((m) => m.isLead) ?? crew.members[0];
    if (!lead?.start || !lead.end) continue;
    const window = crewWindow(crew);
    if (!window.start || !window.end) continue;
    const v: Vehicle = {
      id: crew.id,
      startIndex: at(lead.start),
      endIndex: at(lead.end),
      shift: { start: sec(window.start, baseMs), end: sec(window.end, baseMs) },
      skills: [...new Set(crew.members.flatMap((m) => m.skills))],
      maxVisits: Math.min(...crew.members.map((m) => m.maxVisitsPerDay)),
    };
    if (lead.breakStart && lead.breakEnd) {
      const duration = lead.breakMinutes * 60 || sec(lead.breakEnd, baseMs) - sec(lead.breakStart, baseMs);
      v.break = { window: { start: sec(lead.breakStart, baseMs), end: sec(lead.breakStart, baseMs) }, duration };
    }
    vehicles.push(v);
  }
  const planned = new Set(vehicles.map((v) => v.id));
  const allowedStart = sec(zonedTimeToUtc(date, policy.allowedStart.slice(0, 5), policy.timeZone), baseMs);
  const allowedEnd = sec(zonedTimeToUtc(date, policy.allowedEnd.slice(0, 5), policy.timeZone), baseMs);

  const excludedVisits: BuiltProblem['excludedVisits'] = [];
  const jobs: Job[] = [];
  for (const v of args.visits) {
    const fixed = FIXED_STATUSES.has(v.status);
    const code: PrecheckCode | null = !v.borrowerConfirmed
      ? 'NOT_CONFIRMED'
      : !v.noticeLogged
        ? 'NO_NOTICE'
        : v.addressOwner !== v.borrowerId
          ? 'NOT_BORROWERS_ADDRESS'
          : null;
    if (code && !fixed) {
      excludedVisits.push({ visitId: v.id, code });
      continue;
    }
    const service = v.serviceMinutes * 60;
    const startW = Math.max(
      sec(v.slotStart, baseMs),
      allowedStart,
      sec(v.agreedAt, baseMs) + policy.minNoticeMinutes * 60,
    );
    const endW = Math.min(sec(v.slotEnd, baseMs), allowedEnd - service);
    if (startW > endW && !fixed) {
      excludedVisits.push({ visitId: v.id, code: 'WINDOW_EMPTY' });
      continue;
    }
    const job: Job = {
      id: v.id,
      locationIndex: at({ lat: v.lat, lng: v.lng }),
      service,
      windows: [{ start: startW, end: Math.max(startW, endW) }],
      skills: v.requiredSkills,
      // The solver may give a pinned visit's crew time to others first and then drop the pin ("day full");
      // weighting pins far above any real priority makes keeping them the solver's first concern.
      priority: v.pinned && v.crewId ? v.priority + PIN_PRIORITY_BOOST : v.priority,
    };
    if (v.pinned && v.crewId && !fixed) job.pin = { vehicleId: planned.has(v.crewId) ? v.crewId : `gone:${v.crewId}` };
    jobs.push(job);
  }

  // Crews continue after their fixed visits (and, re-planning from now, from where they were last seen).
  const crewsNow: CrewNow[] = [];
  for (const veh of vehicles) {
    const done = args.visits
      .filter((v) => v.crewId === veh.id && FIXED_STATUSES.has(v.status))
      .sort((a, b) => (a.plannedArrival?.getTime() ?? 0) - (b.plannedArrival?.getTime() ?? 0));
    const last = done.at(-1);
    const lastEnd = last
      ? (last.checkOutAt ??
        new Date((last.checkInAt ?? last.plannedArrival ?? last.slotStart).getTime() + last.serviceMinutes * 60_000))
      : null;
    const seen = fromNow?.lastSeen.get(veh.id) ?? (last ? { lat: last.lat, lng: last.lng } : null);
    const freeAt = Math.max(lastEnd ? sec(lastEnd, baseMs) : 0, fromNow ? sec(fromNow.now, baseMs) : 0);
    if (seen || freeAt > 0) {
      crewsNow.push({ vehicleId: veh.id, locationIndex: seen ? at(seen) : veh.startIndex, availableAt: freeAt });
    }
  }
  const fixedJobIds = args.visits.filter((v) => FIXED_STATUSES.has(v.status)).map((v) => v.id);
  const base: Problem = {
    vehicles,
    jobs,
    matrix: { size: 0, durations: new Float64Array(), distances: new Float64Array() },
  };
  const problem = prepareReplan(base, { crews: crewsNow, fixedJobIds });
  return { problem: { ...problem, matrix: rulesMatrix(places) }, baseMs, excludedVisits, excludedCrews };
}
