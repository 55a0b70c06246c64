import type { Locale } from '../../../shared/errors';
import type { LatLng } from '../../../shared/geo';
import { routeTotals } from '../dispatch/dispatch.board';
import { FIXED_STATUSES } from './planning.problem';
import { planReason } from './planning.reasons';
import type { PlanRun } from './planning.runs';

const iso = (ms: number) => new Date(ms).toISOString();

/** The solver's arrival times as instants, per crew (service start: a crew that is early waits). */
export function plannedStops(run: PlanRun) {
  const out = new Map<string, Array<{ visitId: string; arrival: Date }>>();
  for (const r of run.solution?.routes ?? []) {
    out.set(
      r.vehicleId,
      r.stops.map((s) => ({ visitId: s.jobId, arrival: new Date(run.baseMs + s.serviceStart * 1000) })),
    );
  }
  return out;
}

/**
 * What applying the plan would change, per crew: visits gained, lost or re-timed, km and travel before and
 * after; and the visits still unplanned with the reason in the caller's language.
 */
export function buildPreview(run: PlanRun, locale: Locale) {
  const byId = new Map(run.visits.map((v) => [v.id, v]));
  const after = plannedStops(run);
  const crews = run.crews.map((crew) => {
    const lead = crew.members.find((m) => m.isLead) ?? crew.members[0];
    const start = run.startPlaces.get(crew.id) ?? lead?.start ?? null;
    const end = lead?.end ?? null;
    const current = run.visits
      .filter((v) => v.crewId === crew.id && v.plannedArrival)
      .sort((a, b) => (a.plannedArrival?.getTime() ?? 0) - (b.plannedArrival?.getTime() ?? 0));
    const fixed = current.filter((v) => FIXED_STATUSES.has(v.status));
    const stops = after.get(crew.id) ?? [];
    const path = (mid: LatLng[]) => [start, ...mid, end].filter((p): p is LatLng => p !== null);
    const placeOf = (id: string) => {
      const v = byId.get(id);
      return v ? [{ lat: v.lat, lng: v.lng }] : [];
    };
    const moves = stops.map((s) => {
      const v = byId.get(s.visitId);
      return {
        visitId: s.visitId,
        borrowerName: v?.borrowerName ?? '',
        arrival: s.arrival.toISOString(),
        fromCrewId: v?.crewId ?? null,
        previousArrival: v?.plannedArrival?.toISOString() ?? null,
        changed: v?.crewId !== crew.id || v?.plannedArrival?.getTime() !== s.arrival.getTime(),
      };
    });
    const planned = new Set(stops.map((s) => s.visitId));
    return {
      crewId: crew.id,
      name: crew.name,
      excluded: run.excludedCrews.find((e) => e.crewId === crew.id)
        ? planReason(run.excludedCrews.find((e) => e.crewId === crew.id)?.code ?? 'CREW_NO_SHIFT', locale)
        : null,
      before: { visits: current.length, ...routeTotals(path(current.map((v) => ({ lat: v.lat, lng: v.lng })))) },
      after: {
        visits: fixed.length + stops.length,
        ...routeTotals(
          path([...fixed.map((v) => ({ lat: v.lat, lng: v.lng })), ...stops.flatMap((s) => placeOf(s.visitId))]),
        ),
      },
      stops: moves,
      changes:
        moves.filter((m) => m.changed).length +
        current.filter((v) => !FIXED_STATUSES.has(v.status) && !planned.has(v.id)).length,
    };
  });
  const unassigned = [
    ...(run.solution?.unassigned ?? []).map((u) => ({
      visitId: u.jobId,
      code: u.code as string,
      reason: planReason(u.code, locale),
    })),
    ...run.excludedVisits.map((e) => ({
      visitId: e.visitId,
      code: e.code as string,
      reason: planReason(e.code, locale),
    })),
  ].map((u) => {
    const v = byId.get(u.visitId);
    return {
      ...u,
      borrowerName: v?.borrowerName ?? '',
      slotStart: v ? iso(v.slotStart.getTime()) : null,
      slotEnd: v ? iso(v.slotEnd.getTime()) : null,
    };
  });
  const sum = (k: 'before' | 'after', f: 'km' | 'travelMinutes' | 'visits') =>
    Math.round(crews.reduce((s, c) => s + c[k][f], 0) * 10) / 10;
  return {
    crews,
    unassigned,
    totals: {
      before: {
        visits: sum('before', 'visits'),
        km: sum('before', 'km'),
        travelMinutes: sum('before', 'travelMinutes'),
      },
      after: { visits: sum('after', 'visits'), km: sum('after', 'km'), travelMinutes: sum('after', 'travelMinutes') },
    },
  };
}
