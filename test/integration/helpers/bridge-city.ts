/**
 * The bridge map of test/fixtures/roads/bridge.osm, and a demo team-day moved onto it. The map: a river along
 * y = 0, riverside roads at y = ±100 m, inner streets at y = ±400 m, lanes across each bank every 400 m from x = 0 to
 * x = 2000, and ONE bridge, at x = 0. The day's crews and visits are put at the east end (x ≥ 1200), where the two
 * banks face each other 200 m apart but are 2.4–4 km apart by road.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import type { LatLng } from '../../../shared/geo';

export const BRIDGE_OSM = 'test/fixtures/roads/bridge.osm';

/** A point of the map, x metres east and y metres north of its origin (the generator's frame). */
export const onBridgeMap = (x: number, y: number): LatLng => ({ lat: 31.25 + y / 111_320, lng: 121.55 + x / 95_160 });

export type Bank = 'north' | 'south';
const sign = (bank: Bank) => (bank === 'north' ? 1 : -1);

/** Where each moved visit and crew is, by id. */
export interface BridgeDay {
  visitBank: Map<string, Bank>;
  crewBank: Map<string, Bank>;
  visitPlace: Map<string, LatLng>;
  crewBase: Map<string, LatLng>;
}

/**
 * Moves a team-day onto the map: crews alternate banks, based at a junction of the inner street (x = 2000, then
 * 1600); visits alternate banks in facing pairs, each a few metres off a junction at x = 1200, 1600 or 2000, so a
 * visit's nearest neighbour as the crow flies is usually across the river.
 */
export async function moveDayOntoBridgeMap(handle: DbHandle, teamId: string, date: string): Promise<BridgeDay> {
  const { db } = handle;
  const day: BridgeDay = { visitBank: new Map(), crewBank: new Map(), visitPlace: new Map(), crewBase: new Map() };
  const crews = await db
    .select({ id: s.crews.id })
    .from(s.crews)
    .where(and(eq(s.crews.teamId, teamId), eq(s.crews.workDate, date)))
    .orderBy(asc(s.crews.name));
  for (const [i, crew] of crews.entries()) {
    const bank: Bank = i % 2 === 0 ? 'north' : 'south';
    const base = onBridgeMap(i % 4 < 2 ? 2000 : 1600, sign(bank) * 400);
    const members = await db
      .select({ agentId: s.crewMembers.agentId })
      .from(s.crewMembers)
      .where(eq(s.crewMembers.crewId, crew.id));
    await db
      .update(s.shifts)
      .set({ startLat: base.lat, startLng: base.lng, endLat: base.lat, endLng: base.lng })
      .where(
        and(
          eq(s.shifts.workDate, date),
          inArray(
            s.shifts.agentId,
            members.map((m) => m.agentId),
          ),
        ),
      );
    day.crewBank.set(crew.id, bank);
    day.crewBase.set(crew.id, base);
  }
  const visits = await db
    .select({ id: s.visits.id, addressId: s.appointments.addressId })
    .from(s.visits)
    .innerJoin(s.appointments, eq(s.appointments.id, s.visits.appointmentId))
    .where(and(eq(s.visits.teamId, teamId), eq(s.visits.visitDate, date)))
    .orderBy(asc(s.visits.id));
  for (const [k, v] of visits.entries()) {
    const bank: Bank = k % 2 === 0 ? 'north' : 'south';
    const m = Math.floor(k / 2);
    const x = [1200, 1600, 2000][m % 3] as number;
    const y = (m % 6 < 3 ? 100 : 400) + 20 * Math.floor(m / 6);
    const place = onBridgeMap(x - 30, sign(bank) * y);
    await db.update(s.addresses).set({ lat: place.lat, lng: place.lng }).where(eq(s.addresses.id, v.addressId));
    day.visitBank.set(v.id, bank);
    day.visitPlace.set(v.id, place);
  }
  return day;
}

/** A plan preview's routes, as the planning router returns them. */
interface PreviewRoutes {
  crews: Array<{ crewId: string; stops: Array<{ visitId: string; arrival: string }> }>;
}

/** Each working crew's day in order: base, stops by arrival, base again (ids: the crew's, then the visits'). */
function routes(preview: PreviewRoutes): string[][] {
  return preview.crews
    .filter((c) => c.stops.length > 0)
    .map((c) => [
      c.crewId,
      ...[...c.stops].sort((a, b) => a.arrival.localeCompare(b.arrival)).map((st) => st.visitId),
      c.crewId,
    ]);
}

/** How many times the preview's crews cross the river: base → stops in order → back to base. */
export function riverCrossings(preview: PreviewRoutes, day: BridgeDay): number {
  const bank = (id: string) => day.crewBank.get(id) ?? day.visitBank.get(id);
  let n = 0;
  for (const route of routes(preview))
    for (let i = 1; i < route.length; i++) if (bank(route[i] as string) !== bank(route[i - 1] as string)) n++;
  return n;
}

/** The places of the preview's routes, each a list from base to base: what to measure the plan's travel on. */
export function routePlaces(preview: PreviewRoutes, day: BridgeDay): LatLng[][] {
  return routes(preview).map((route) => route.map((id) => (day.crewBase.get(id) ?? day.visitPlace.get(id)) as LatLng));
}

/** How many crews serve visits on both banks. */
export function crewsOnBothBanks(preview: PreviewRoutes, day: BridgeDay): number {
  return preview.crews.filter((c) => new Set(c.stops.map((st) => day.visitBank.get(st.visitId))).size > 1).length;
}
