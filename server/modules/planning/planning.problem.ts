import { credentialStatus } from '../../../shared/credential';
import type { LatLng } from '../../../shared/geo';
import { crewWindow } from '../../../shared/rules/crew-window';
import { type PolicyForRules, visitPreconditions } from '../../../shared/rules/placement';
import { zonedTimeToUtc } from '../../../shared/time';
import type { CrewNow, Job, Problem, Vehicle } from '../../solver/index';
import { prepareReplan } from '../../solver/index';
import type { CrewFacts } from '../teams/crews.service';
import type { TravelTable } from '../travel/travel.service';
import { dayAsItStands } from './planning.day-state';
import type { PlanVisit } from './planning.repo';

/** Why a visit or crew is kept out before the solver runs (rules the solver does not model). */
export type PrecheckCode =
  | 'NOT_CONFIRMED'
  | 'NO_NOTICE'
  | 'NOT_BORROWERS_ADDRESS'
  | 'WINDOW_EMPTY'
  | 'SLOT_PASSED'
  | 'CREWS_BUSY'
  | 'CREW_CREDENTIAL'
  | 'CREW_INACTIVE'
  | 'CREW_TWO_PERSON'
  | 'CREW_NO_SHIFT';

interface BuiltProblem {
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
 * Every place of a team-day the planner may route between: each crew's start and end (the lead's) and every
 * visit; the travel table is loaded for these before the problem is built.
 */
export function dayPlaces(crews: readonly CrewFacts[], visits: readonly PlanVisit[]): LatLng[] {
  const places: LatLng[] = [];
  for (const crew of crews) {
    const lead = crew.members.find((m) => m.isLead) ?? crew.members[0];
    if (lead?.start) places.push(lead.start);
    if (lead?.end) places.push(lead.end);
  }
  for (const v of visits) places.push({ lat: v.lat, lng: v.lng });
  return places;
}

function crewProblem(crew: CrewFacts, date: string, policy: PolicyForRules): PrecheckCode | null {
  if (crew.members.some((m) => credentialStatus(m.credentialValidFrom, m.credentialValidTo, date) !== 'valid'))
    return 'CREW_CREDENTIAL';
  if (crew.members.some((m) => !m.active)) return 'CREW_INACTIVE';
  if (policy.twoPersonRule && crew.members.length < 2) return 'CREW_TWO_PERSON';
  if (crew.members.some((m) => !m.shiftStart || !m.shiftEnd || !m.start || !m.end)) return 'CREW_NO_SHIFT';
  return null;
}

/**
 * The solver's problem for a team-day (SPEC §5) as it stands at `now`: crews are vehicles (common shift of the
 * pair, lead's places and break, skills, max visits); visits are jobs with window = slot ∩ allowed hours ∩
 * notice, never before now; pins are kept. Visits under way, done or past stay out of the problem (see
 * planning.day-state) and each crew carries on from where it is once its frozen work is over. Travel is the
 * team-day's table (loaded for `dayPlaces`), the very numbers the placement rules check on apply.
 */
export function buildProblem(args: {
  date: string;
  policy: PolicyForRules;
  crews: CrewFacts[];
  visits: PlanVisit[];
  now: Date;
  travel: TravelTable;
}): BuiltProblem {
  const { date, policy } = args;
  const day = dayAsItStands(args.visits, args.crews, args.now);
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
    // The visits it keeps count against its daily maximum, as they do for a manual move.
    const kept = args.visits.filter((v) => v.crewId === crew.id && day.frozen.has(v.id)).length;
    const v: Vehicle = {
      id: crew.id,
      startIndex: at(lead.start),
      endIndex: at(lead.end),
      shift: { start: sec(window.start, baseMs), end: sec(window.end, baseMs) },
      skills: [...new Set(crew.members.flatMap((m) => m.skills))],
      maxVisits: Math.max(0, Math.min(...crew.members.map((m) => m.maxVisitsPerDay)) - kept),
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
  const nowSec = sec(args.now, baseMs);

  const excludedVisits: BuiltProblem['excludedVisits'] = [];
  const jobs: Job[] = [];
  for (const v of args.visits) {
    if (day.frozen.has(v.id)) continue;
    // A slot that is over is the reason that matters (and the missed-slot rule acts on it).
    const unmet = visitPreconditions({ ...v, addressIsBorrowers: v.addressOwner === v.borrowerId })[0];
    const code: PrecheckCode | null = day.slotPassed.has(v.id)
      ? 'SLOT_PASSED'
      : ((unmet?.code as PrecheckCode) ?? null);
    if (code) {
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
    if (startW > endW) {
      excludedVisits.push({ visitId: v.id, code: 'WINDOW_EMPTY' });
      continue;
    }
    // Nothing is planned into the past: what is left of the window starts now.
    if (nowSec > endW) {
      excludedVisits.push({ visitId: v.id, code: 'SLOT_PASSED' });
      continue;
    }
    const job: Job = {
      id: v.id,
      locationIndex: at({ lat: v.lat, lng: v.lng }),
      service,
      windows: [{ start: Math.max(startW, nowSec), end: endW }],
      skills: v.requiredSkills,
      // The solver may give a pinned visit's crew time to others first and then drop the pin ("day full");
      // weighting pins far above any real priority makes keeping them the solver's first concern.
      priority: v.pinned && v.crewId ? v.priority + PIN_PRIORITY_BOOST : v.priority,
    };
    if (v.pinned && v.crewId) job.pin = { vehicleId: planned.has(v.crewId) ? v.crewId : `gone:${v.crewId}` };
    jobs.push(job);
  }

  // Each crew carries on from the frozen stop it is at or heading to, once that work is over (never before now).
  const crewsNow: CrewNow[] = vehicles.map((veh) => {
    const standing = day.crews.get(veh.id);
    const place = standing?.place ?? null;
    const freeAt = standing ? sec(standing.freeAt, baseMs) : nowSec;
    return {
      vehicleId: veh.id,
      locationIndex: place ? at(place) : veh.startIndex,
      availableAt: Math.min(freeAt, veh.shift.end),
    };
  });
  const base: Problem = {
    vehicles,
    jobs,
    matrix: { size: 0, durations: new Float64Array(), distances: new Float64Array() },
  };
  const replanned = prepareReplan(base, { crews: crewsNow, fixedJobIds: [] });
  const busy = busyEverywhere(base.vehicles, replanned);
  for (const id of busy) excludedVisits.push({ visitId: id, code: 'CREWS_BUSY' });
  const problem = { ...replanned, jobs: replanned.jobs.filter((j) => !busy.has(j.id)) };
  return { problem: { ...problem, matrix: args.travel.matrix(places) }, baseMs, excludedVisits, excludedCrews };
}

/**
 * Jobs whose slot lies inside the shift of a crew that could do them, but every such crew is held by work it
 * keeps (under way or already planned before now) until after the slot. The solver would call that "outside
 * every shift", which is not true; they are left out with the true reason.
 */
function busyEverywhere(original: readonly Vehicle[], replanned: Problem): Set<string> {
  const out = new Set<string>();
  for (const job of replanned.jobs) {
    const able = replanned.vehicles.filter(
      (v) => (!job.pin || job.pin.vehicleId === v.id) && (job.skills ?? []).every((k) => v.skills?.includes(k)),
    );
    const meets = (w: { start: number; end: number }) =>
      job.windows.some((jw) => jw.end >= w.start && jw.start <= w.end);
    const inShift = able.some((v) => meets(original.find((o) => o.id === v.id)?.shift ?? v.shift));
    if (inShift && !able.some((v) => meets(v.shift))) out.add(job.id);
  }
  return out;
}
