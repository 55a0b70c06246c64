import { haversineM, type LatLng, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';
import type { DayInput } from '../../../shared/schemas/common';
import type { AuthedContext } from '../../trpc/context';
import { getDispatchDay } from '../visits/visits.service';
import { type CrewFacts, findCrewFacts, findPolicy } from './dispatch.repo';

const MIN = 60_000;
/** A visit not yet started this close to the end of its slot is flagged. */
const AT_RISK_MARGIN_MIN = 30;
const DONE = new Set(['on_site', 'completed', 'missed', 'cancelled']);

type DayVisit = Awaited<ReturnType<typeof getDispatchDay>>['visits'][number];

/** Where a crew starts and ends its day: the lead's shift places. */
function crewPlaces(crew: CrewFacts | undefined) {
  const lead = crew?.members.find((m) => m.isLead) ?? crew?.members[0];
  return {
    start: lead?.start ?? null,
    end: lead?.end ?? null,
    breakStart: lead?.breakStart?.toISOString() ?? null,
    breakEnd: lead?.breakEnd?.toISOString() ?? null,
  };
}

/** Km and travel minutes of a route start → stops → end under the straight-line model the rules use. */
export function routeTotals(places: LatLng[]) {
  let metres = 0;
  let minutes = 0;
  for (let i = 1; i < places.length; i++) {
    const a = places[i - 1] as LatLng;
    const b = places[i] as LatLng;
    metres += haversineM(a, b) * STRAIGHT_LINE_MODEL.detourFactor;
    minutes += travelMinutes(a, b);
  }
  return { km: Math.round(metres / 100) / 10, travelMinutes: minutes };
}

/** Travel blocks between consecutive visits of a crew, drawn on the calendar before each arrival. */
function travelLegs(crewId: string, route: DayVisit[], serviceMinutes: (v: DayVisit) => number) {
  const legs = [];
  for (let i = 1; i < route.length; i++) {
    const prev = route[i - 1] as DayVisit;
    const next = route[i] as DayVisit;
    if (!prev.plannedArrival || !next.plannedArrival) continue;
    const minutes = travelMinutes(prev, next);
    const leave = new Date(prev.plannedArrival).getTime() + serviceMinutes(prev) * MIN;
    legs.push({
      crewId,
      fromVisitId: prev.id,
      toVisitId: next.id,
      start: new Date(leave).toISOString(),
      end: new Date(leave + minutes * MIN).toISOString(),
      minutes,
    });
  }
  return legs;
}

/**
 * The dispatch board of a team-day: the skeleton's day (crews, visits, counts) plus what the console draws —
 * crew start places and breaks, allowed hours, travel legs, per-crew km/travel and visits at risk.
 */
export async function getBoard(ctx: AuthedContext, input: DayInput & { teamId: string }) {
  const day = await getDispatchDay(ctx, input);
  const [facts, policy] = await Promise.all([
    findCrewFacts(ctx.db, { teamId: day.team.id, date: day.date }),
    findPolicy(ctx.db, day.team.id, ctx.env.TZ_DEFAULT),
  ]);
  const byCrew = new Map(facts.map((c) => [c.id, c]));
  const service = new Map<string, number>();
  for (const v of day.visits) service.set(v.id, v.visitType === 'verification' ? 60 : 45);
  const now = ctx.now().getTime();
  const atRisk = day.visits
    .filter((v) => !DONE.has(v.status))
    .filter(
      (v) =>
        now > new Date(v.slotEnd).getTime() - AT_RISK_MARGIN_MIN * MIN ||
        (v.plannedArrival !== null && new Date(v.plannedArrival).getTime() > new Date(v.slotEnd).getTime()),
    )
    .map((v) => v.id);

  const crews = day.crews.map((c) => {
    const places = crewPlaces(byCrew.get(c.id));
    const route = day.visits
      .filter((v) => v.crewId === c.id && v.status !== 'cancelled' && v.plannedArrival)
      .sort((a, b) => (a.plannedArrival ?? '').localeCompare(b.plannedArrival ?? ''));
    const path = [places.start, ...route, places.end].filter((p): p is LatLng => p !== null);
    return {
      ...c,
      ...places,
      skills: [...new Set(byCrew.get(c.id)?.members.flatMap((m) => m.skills) ?? [])],
      totals: { visits: route.length, ...routeTotals(path) },
      legs: travelLegs(c.id, route, (v) => service.get(v.id) ?? 45),
    };
  });
  return {
    ...day,
    crews,
    policy: { allowedStart: policy.allowedStart.slice(0, 5), allowedEnd: policy.allowedEnd.slice(0, 5) },
    atRisk,
    summary: {
      ...day.summary,
      planned: day.visits.filter((v) => v.crewId !== null && v.status !== 'cancelled').length,
      atRisk: atRisk.length,
      km: Math.round(crews.reduce((s, c) => s + c.totals.km, 0) * 10) / 10,
      travelMinutes: crews.reduce((s, c) => s + c.totals.travelMinutes, 0),
    },
  };
}
