import { serviceMinutesFor } from '../../../shared/domain/visit-facts';
import { AWAITING_ARRIVAL, isIn, UNDER_WAY } from '../../../shared/domain/visit-lifecycle';
import { ERROR_DEFS, formatErrorMessage, type Locale } from '../../../shared/errors';
import type { LatLng } from '../../../shared/geo';
import { crewWindow } from '../../../shared/rules/crew-window';
import type { DayInput } from '../../../shared/schemas/common';
import { iso, isoAt } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { openConflictsOfDay } from '../field/conflicts.service';
import { livePosition } from '../live/live.service';
import { type CrewFacts, loadCrewFacts } from '../teams/crews.service';
import { getAccessibleTeamDay } from '../teams/teams.service';
import { loadTravelTable, type TravelTable } from '../travel/travel.service';
import { toVisitListItem, type VisitListItem } from '../visits/visits.dto';
import { teamDayVisits } from '../visits/visits.service';

const MIN = 60_000;
/**
 * A visit nobody is on site for yet, this close to the end of its slot (or past it), or planned to arrive
 * after the slot ends, is "at risk". The board sends the margin with the count, so the screen's explanation
 * is this rule and not a copy of it.
 */
const AT_RISK_MARGIN_MIN = 30;

type DayVisit = VisitListItem & { trayReason: { code: string; message: string } | null };

/** Why an organisation change put a visit back in the tray, in the caller's language (null: it was never taken off). */
function trayReasonOf(code: string | null, locale: Locale) {
  if (!code || !Object.hasOwn(ERROR_DEFS, code)) return null;
  return { code, message: formatErrorMessage(code as keyof typeof ERROR_DEFS, locale) };
}

/** Where a crew starts and ends its day: the lead's shift places. */
function crewPlaces(crew: CrewFacts) {
  const lead = crew.members.find((m) => m.isLead) ?? crew.members[0];
  return {
    start: lead?.start ?? null,
    end: lead?.end ?? null,
    breakStart: iso(lead?.breakStart ?? null),
    breakEnd: iso(lead?.breakEnd ?? null),
  };
}

/**
 * Km and travel minutes of a route start → stops → end from the team-day's travel table (the rules' numbers). A
 * leg no road leads along adds nothing: the rules refuse to plan one, and a sum of "unreachable" says nothing.
 */
export function routeTotals(places: LatLng[], travel: TravelTable) {
  let metres = 0;
  let minutes = 0;
  for (let i = 1; i < places.length; i++) {
    const leg = travel.leg(places[i - 1] as LatLng, places[i] as LatLng);
    if (!leg) continue;
    metres += leg.metres;
    minutes += leg.minutes;
  }
  return { km: Math.round(metres / 100) / 10, travelMinutes: minutes };
}

/** A stop of a crew's route on the board: where, when and for how long (the policy's service minutes). */
interface RouteStop extends LatLng {
  id: string;
  arrival: number;
  serviceMinutes: number;
}

/**
 * Travel blocks between consecutive stops of a crew, drawn on the calendar before each arrival. A block is named by
 * the visit it leads to, inside its crew: it leaves the stop before it in the route when that stop's service ends.
 */
function travelLegs(route: RouteStop[], travel: TravelTable) {
  const legs = [];
  for (let i = 1; i < route.length; i++) {
    const prev = route[i - 1] as RouteStop;
    const next = route[i] as RouteStop;
    const leg = travel.leg(prev, next);
    if (!leg) continue;
    const leave = prev.arrival + prev.serviceMinutes * MIN;
    legs.push({
      toVisitId: next.id,
      start: isoAt(leave),
      end: isoAt(leave + leg.minutes * MIN),
      minutes: leg.minutes,
    });
  }
  return legs;
}

/**
 * The dispatch board of a team-day: crews with members, shifts, start places, breaks, skills, travel legs and
 * km/travel totals; every visit (PII presented for the caller's role, its crew by id); allowed hours, visits at
 * risk and counts.
 */
export async function getBoard(ctx: AuthedContext, input: DayInput & { teamId: string }, liveFrom?: string) {
  // Before the reads (a caller reading several boards takes one for all): the page's stream starts from it.
  const from = liveFrom ?? (await livePosition(ctx));
  // One instant for the day (today in the team's zone when none is asked), the at-risk line and the now line.
  const at = ctx.now();
  // The team (NOT_FOUND for one the caller may not see: thrown here, before any read starts), the day and its policy
  // that day; the other reads compute the same day in their own statements (team-day.sql.ts), so all four go at once.
  const teamDay = getAccessibleTeamDay(ctx, input.teamId, input.date, at);
  const day = { date: input.date ?? null, now: at };
  const [{ team, date, policy }, facts, rows, conflicts] = await Promise.all([
    teamDay,
    loadCrewFacts(ctx.db, { teamId: input.teamId, ...day }),
    teamDayVisits(ctx.db, input.teamId, day),
    openConflictsOfDay(ctx.db, input.teamId, day),
  ]);
  const now = at.getTime();
  const atRiskFrom = now + AT_RISK_MARGIN_MIN * MIN;
  const visits: DayVisit[] = [];
  const atRisk: string[] = [];
  const counted = new Map<string, number>();
  // Each crew's route: its visits with an arrival that are not cancelled, in arrival order (sorted below).
  const routeOf = new Map<string, RouteStop[]>();
  for (const r of rows) {
    // The list item gets its tray reason in place: one object per visit beyond the driver's row, not a copy.
    visits.push(
      Object.assign(toVisitListItem(r, ctx.user.role), {
        trayReason: r.status === 'unassigned' ? trayReasonOf(r.trayReason, ctx.locale) : null,
      }),
    );
    const slotEnd = r.slotEnd.getTime();
    const arrival = r.plannedArrival?.getTime() ?? null;
    if (isIn(AWAITING_ARRIVAL, r.status) && (atRiskFrom > slotEnd || (arrival !== null && arrival > slotEnd))) {
      atRisk.push(r.id);
    }
    counted.set(r.status, (counted.get(r.status) ?? 0) + 1);
    if (r.crewId && arrival !== null && r.status !== 'cancelled') {
      const route = routeOf.get(r.crewId) ?? [];
      if (route.length === 0) routeOf.set(r.crewId, route);
      route.push({ id: r.id, lat: r.lat, lng: r.lng, arrival, serviceMinutes: serviceMinutesFor(r.visitType, policy) });
    }
  }
  const inStatus = (...statuses: readonly string[]) => statuses.reduce((n, s) => n + (counted.get(s) ?? 0), 0);

  const routes = facts.map((c) => {
    const route = (routeOf.get(c.id) ?? []).sort((a, b) => a.arrival - b.arrival);
    const places = crewPlaces(c);
    const path = [places.start, ...route, places.end].filter((p): p is LatLng => p !== null);
    return { crew: c, route, places, path };
  });
  // One table for every leg of the day (one cache read under a road engine; nothing read under straight-line).
  const travel = await loadTravelTable(
    ctx,
    routes.flatMap((r) => r.path),
  );
  const crews = routes.map(({ crew: c, route, places, path }) => {
    const window = crewWindow(c);
    return {
      id: c.id,
      name: c.name,
      workDate: c.workDate,
      members: c.members.map((m) => ({
        agentId: m.agentId,
        fullName: m.fullName,
        badgeNo: m.badgeNo,
        isLead: m.isLead,
      })),
      shiftStart: iso(window.start ?? null),
      shiftEnd: iso(window.end ?? null),
      ...places,
      skills: [...new Set(c.members.flatMap((m) => m.skills))],
      totals: { visits: route.length, ...routeTotals(path, travel) },
      legs: travelLegs(route, travel),
    };
  });
  return {
    team: { id: team.id, name: team.name, timeZone: team.timeZone },
    date,
    // Where the page's live stream starts (its `lastEventId`): the changes after it are not all in this answer.
    liveFrom: from,
    // The clock the rules use, so the board's now line (and its shading of the past) shows what the server refuses.
    now: isoAt(now),
    // Which travel the legs and totals are, and whether the road engine failed (the board shows an alert).
    travel: { provider: travel.provider, warning: travel.warning },
    crews,
    visits,
    policy: { allowedStart: policy.allowedStart.slice(0, 5), allowedEnd: policy.allowedEnd.slice(0, 5) },
    atRisk,
    atRiskRule: { marginMinutes: AT_RISK_MARGIN_MIN },
    // Visits with field records kept for a decision (the board marks them; the list is fieldConflicts.list).
    conflicts,
    // The day's visits by where they stand, each counted once: the first five add up to the total; cancelled
    // visits are not part of the day's work and are counted apart.
    summary: {
      total: rows.length - inStatus('cancelled'),
      unassigned: inStatus('unassigned'),
      assigned: inStatus('assigned'),
      underWay: inStatus(...UNDER_WAY),
      completed: inStatus('completed'),
      missed: inStatus('missed'),
      cancelled: inStatus('cancelled'),
      atRisk: atRisk.length,
      km: Math.round(crews.reduce((s, c) => s + c.totals.km, 0) * 10) / 10,
      travelMinutes: crews.reduce((s, c) => s + c.totals.travelMinutes, 0),
    },
  };
}
