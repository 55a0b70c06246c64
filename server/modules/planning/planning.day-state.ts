import { isIn, STARTED, slotPassedUnvisited } from '../../../shared/domain/visit-lifecycle';
import type { LatLng } from '../../../shared/geo';
import type { CrewFacts } from '../teams/crews.service';
import type { PlanVisit } from './planning.repo';

/**
 * The team-day as it stands at `now` (SPEC §5: "re-planning mid-day starts each agent from where they are,
 * with done visits fixed"). The planner, its preview and its apply all read the day through this one view, so
 * what the preview promises to keep is exactly what the apply keeps.
 */

const MIN = 60_000;

/** Where a crew is when planning starts, and from when it can take more work. */
interface CrewStanding {
  /** The frozen stop it is at, heading to or last finished; null when it has none (it starts from base). */
  place: LatLng | null;
  freeAt: Date;
}

export interface DayState {
  now: Date;
  /** Kept exactly where they are (crew, arrival, position): see `isFrozen`. */
  frozen: Set<string>;
  /** Never set out for and the whole slot is behind `now`: the missed-slot rule marks these missed. */
  slotPassed: Set<string>;
  crews: Map<string, CrewStanding>;
}

type DayVisit = Pick<
  PlanVisit,
  | 'id'
  | 'status'
  | 'crewId'
  | 'plannedArrival'
  | 'slotEnd'
  | 'serviceMinutes'
  | 'checkInAt'
  | 'checkOutAt'
  | 'lat'
  | 'lng'
>;

/**
 * Under way or over, or assigned with its arrival (or its whole slot) already behind `now`: the crew may be at
 * the door right now, and nothing can be moved into the past, so the planner leaves it where it is.
 */
function isFrozen(v: DayVisit, now: Date): boolean {
  if (isIn(STARTED, v.status)) return true;
  if (v.status !== 'assigned') return false;
  return (v.plannedArrival !== null && v.plannedArrival < now) || v.slotEnd < now;
}

/**
 * Until when a frozen visit holds its crew: the later of its planned end (what the placement rules compare
 * against) and its real one (checked out, or checked in plus the visit); a crew on its way still has to get
 * there and do the whole visit.
 */
function busyUntil(v: DayVisit, now: Date): number {
  const service = v.serviceMinutes * MIN;
  const ends = [v.plannedArrival ? v.plannedArrival.getTime() + service : 0];
  if (v.checkOutAt) ends.push(v.checkOutAt.getTime());
  else if (v.checkInAt) ends.push(v.checkInAt.getTime() + service);
  if (v.status === 'en_route') ends.push(now.getTime() + service);
  return Math.max(...ends);
}

/** Which visits stay, which slots have passed, and where and from when each crew carries on. */
export function dayAsItStands(
  visits: readonly DayVisit[],
  crews: readonly Pick<CrewFacts, 'id'>[],
  now: Date,
): DayState {
  const frozen = new Set(visits.filter((v) => isFrozen(v, now)).map((v) => v.id));
  const slotPassed = new Set(visits.filter((v) => slotPassedUnvisited(v, now)).map((v) => v.id));
  const standing = new Map<string, CrewStanding>();
  for (const crew of crews) {
    let last: { visit: DayVisit; until: number } | null = null;
    for (const v of visits) {
      if (v.crewId !== crew.id || !frozen.has(v.id)) continue;
      const until = busyUntil(v, now);
      if (!last || until > last.until) last = { visit: v, until };
    }
    standing.set(crew.id, {
      place: last ? { lat: last.visit.lat, lng: last.visit.lng } : null,
      freeAt: new Date(Math.max(now.getTime(), last?.until ?? 0)),
    });
  }
  return { now, frozen, slotPassed, crews: standing };
}
