import type { Locale } from '../../../shared/errors';
import type { LatLng } from '../../../shared/geo';
import { iso } from '../../../shared/wire';
import { routeTotals } from '../dispatch/dispatch.board';
import type { TravelTable } from '../travel/travel.service';
import { planChanges } from './planning.changes';
import { planReason } from './planning.reasons';
import type { PlanVisit } from './planning.repo';
import type { PlanRun } from './planning.runs';

export { plannedStops } from './planning.changes';

type Kind = 'assign' | 'move' | 'unassign' | 'missed';

/**
 * What applying the plan would change. Per visit: every change, as "was on crew 3 at 10:40, now crew 5 at
 * 14:10", "was on crew 3, now unassigned because …" or "slot over, marked missed"; per crew: its new stops,
 * visits, km and travel before → after (kept visits included); and what stays in the tray, with the reason.
 */
export function buildPreview(run: PlanRun, locale: Locale, travel: TravelTable) {
  const plan = planChanges(run);
  const crewName = new Map(run.crews.map((c) => [c.id, c.name]));
  const at = (crewId: string | null, arrival: Date | null) =>
    crewId ? { crewId, crewName: crewName.get(crewId) ?? '', arrival: iso(arrival) } : null;
  const change = (v: PlanVisit, kind: Kind, to: ReturnType<typeof at>, code: string | null) => ({
    visitId: v.id,
    borrowerName: v.borrowerName,
    slotStart: v.slotStart.toISOString(),
    slotEnd: v.slotEnd.toISOString(),
    kind,
    from: at(v.crewId, v.plannedArrival),
    to,
    code,
    reason: code ? planReason(code as Parameters<typeof planReason>[0], locale) : null,
  });
  const changes = [
    ...plan.placements
      .filter((p) => p.moved)
      .map((p) => change(p.visit, p.visit.crewId ? 'move' : 'assign', at(p.crewId, p.arrival), null)),
    ...plan.unassignments.map((u) => change(u.visit, 'unassign', null, u.code)),
    ...plan.missed.map((v) => change(v, 'missed', null, 'SLOT_PASSED')),
  ].sort((a, b) => a.slotStart.localeCompare(b.slotStart) || a.borrowerName.localeCompare(b.borrowerName));

  // The day after applying: every visit's crew and arrival.
  const after = new Map(run.visits.map((v) => [v.id, { crewId: v.crewId, arrival: v.plannedArrival }]));
  for (const p of plan.placements) after.set(p.visit.id, { crewId: p.crewId, arrival: p.arrival });
  for (const u of plan.unassignments) after.set(u.visit.id, { crewId: null, arrival: null });
  const routeOf = (crewId: string, when: 'before' | 'after') =>
    run.visits
      .map((v) => ({ v, at: when === 'before' ? { crewId: v.crewId, arrival: v.plannedArrival } : after.get(v.id) }))
      .filter((x) => x.at?.crewId === crewId && x.at.arrival)
      .sort((a, b) => (a.at?.arrival?.getTime() ?? 0) - (b.at?.arrival?.getTime() ?? 0))
      .map((x) => ({ lat: x.v.lat, lng: x.v.lng }));

  const crews = run.crews.map((crew) => {
    const lead = crew.members.find((m) => m.isLead) ?? crew.members[0];
    const path = (mid: LatLng[]) => [lead?.start ?? null, ...mid, lead?.end ?? null].filter((p) => p !== null);
    const before = routeOf(crew.id, 'before');
    const afterRoute = routeOf(crew.id, 'after');
    const excluded = run.excludedCrews.find((e) => e.crewId === crew.id);
    return {
      crewId: crew.id,
      name: crew.name,
      excluded: excluded ? planReason(excluded.code, locale) : null,
      before: { visits: before.length, ...routeTotals(path(before), travel) },
      after: { visits: afterRoute.length, ...routeTotals(path(afterRoute), travel) },
      stops: plan.placements
        .filter((p) => p.crewId === crew.id)
        .map((p) => ({
          visitId: p.visit.id,
          borrowerName: p.visit.borrowerName,
          arrival: p.arrival.toISOString(),
          fromCrewId: p.visit.crewId,
          previousArrival: iso(p.visit.plannedArrival),
          changed: p.moved,
        })),
      kept: plan.kept.filter((v) => v.crewId === crew.id).length,
      changes: changes.filter((c) => c.from?.crewId === crew.id || c.to?.crewId === crew.id).length,
    };
  });

  // What the tray holds after applying (visits marked missed leave it), each with why it is there.
  const placed = new Set(plan.placements.map((p) => p.visit.id));
  const missed = new Set(plan.missed.map((v) => v.id));
  const tray = [
    ...run.visits
      .filter((v) => v.status === 'unassigned' && !placed.has(v.id) && !missed.has(v.id))
      // Every visit the solver was given is routed or comes back with a code.
      .map((v) => ({ v, fromCrewId: null as string | null, code: plan.reasons.get(v.id) ?? 'NO_FEASIBLE_POSITION' })),
    ...plan.unassignments.map((u) => ({ v: u.visit, fromCrewId: u.visit.crewId, code: u.code })),
  ];
  const unassigned = tray.map(({ v, fromCrewId, code }) => {
    return {
      visitId: v.id,
      code: code as string,
      reason: planReason(code, locale),
      borrowerName: v.borrowerName,
      fromCrewId,
      slotStart: v.slotStart.toISOString(),
      slotEnd: v.slotEnd.toISOString(),
    };
  });
  const sum = (k: 'before' | 'after', f: 'km' | 'travelMinutes' | 'visits') =>
    Math.round(crews.reduce((s, c) => s + c[k][f], 0) * 10) / 10;
  return {
    now: new Date(run.nowMs).toISOString(),
    // Which travel the km and minutes are, and whether the road engine failed (the dialog says so).
    travel: { provider: travel.provider, warning: travel.warning },
    kept: plan.kept.length,
    changes,
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
