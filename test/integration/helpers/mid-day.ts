/**
 * A team's day at 13:15 Shanghai time as it would really stand: a visit made this morning, a crew on site, a
 * crew on its way, morning visits nobody made, a morning slot still in the tray, afternoon work still to plan.
 * The re-planning tests arrange it here and read the day back to compare before and after.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { appointments, crews, visits } from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { zonedTimeToUtc } from '../../../shared/time';
import { TODAY } from './demo';

export const ZONE = 'Asia/Shanghai';
/** Mid-day: the clock every re-planning test runs at. */
export const NOW = zonedTimeToUtc(TODAY, '13:15', ZONE);
const MIN = 60_000;

export interface DayRow {
  id: string;
  status: string;
  crewId: string | null;
  plannedArrival: Date | null;
  routePosition: number | null;
  slotStart: Date;
  slotEnd: Date;
  serviceMinutes: number;
}

/** Every visit of the team's day, as stored. */
export async function readDay(handle: DbHandle, teamId: string): Promise<DayRow[]> {
  return handle.db
    .select({
      id: visits.id,
      status: visits.status,
      crewId: visits.crewId,
      plannedArrival: visits.plannedArrival,
      routePosition: visits.routePosition,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      serviceMinutes: visits.serviceMinutes,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, TODAY)))
    .orderBy(asc(visits.plannedArrival), asc(visits.id));
}

/** What the test made of the day (ids of the visits it put in each state). */
export interface MidDay {
  completed: string;
  onSite: string;
  enRoute: string;
  /** A morning visit moved back to the tray: its slot is over and nobody went. */
  trayPast: string;
}

const set = (handle: DbHandle, id: string, patch: Partial<typeof visits.$inferInsert>) =>
  handle.db
    .update(visits)
    .set({ ...patch, version: sql`${visits.version} + 1` })
    .where(eq(visits.id, id));

/**
 * Turns the seeded (all planned, nothing made) day into 13:15: on the first crews a morning visit completed,
 * one crew on site at its next stop and another on its way to its next stop, one morning visit in the tray.
 */
export async function arrangeMidDay(handle: DbHandle, teamId: string): Promise<MidDay> {
  const day = await readDay(handle, teamId);
  const crewIds = (
    await handle.db
      .select({ id: crews.id })
      .from(crews)
      .where(and(eq(crews.teamId, teamId), eq(crews.workDate, TODAY)))
      .orderBy(asc(crews.name))
  ).map((c) => c.id);
  const assigned = day.filter((v) => v.status === 'assigned' && v.plannedArrival);
  const morning = assigned.filter((v) => v.slotEnd.getTime() <= NOW.getTime() - 60 * MIN);
  /** The crew's next stop from now on (what it is on its way to). */
  const nextStop = (crewId: string) =>
    assigned.find((v) => v.crewId === crewId && (v.plannedArrival as Date).getTime() >= NOW.getTime());
  const [done, tray] = morning;
  const onSiteCrew = crewIds.find((c) => c !== done?.crewId && nextStop(c));
  const enRouteCrew = crewIds.find((c) => c !== onSiteCrew && c !== done?.crewId && nextStop(c));
  const onSite = onSiteCrew ? nextStop(onSiteCrew) : undefined;
  const enRoute = enRouteCrew ? nextStop(enRouteCrew) : undefined;
  if (!done || !tray || !onSite || !enRoute) throw new Error('the seeded day lacks the visits this test arranges');

  const doneAt = done.plannedArrival as Date;
  await set(handle, done.id, {
    status: 'completed',
    enRouteAt: new Date(doneAt.getTime() - 20 * MIN),
    checkInAt: new Date(doneAt.getTime() + 3 * MIN),
    checkInLat: 31.2,
    checkInLng: 121.4,
    checkOutAt: new Date(doneAt.getTime() + 40 * MIN),
  });
  await set(handle, tray.id, {
    status: 'unassigned',
    crewId: null,
    agentId: null,
    secondAgentId: null,
    plannedArrival: null,
    routePosition: null,
  });
  await set(handle, onSite.id, {
    status: 'on_site',
    enRouteAt: new Date(NOW.getTime() - 30 * MIN),
    checkInAt: new Date(NOW.getTime() - 10 * MIN),
    checkInLat: 31.21,
    checkInLng: 121.45,
  });
  await set(handle, enRoute.id, { status: 'en_route', enRouteAt: new Date(NOW.getTime() - 5 * MIN) });
  await handle.db.execute(sql`
    update visits v set route_position = r.pos
    from (select id, row_number() over (partition by crew_id order by planned_arrival, id) as pos
          from visits where team_id = ${teamId} and visit_date = ${TODAY} and crew_id is not null) r
    where v.id = r.id`);
  return { completed: done.id, onSite: onSite.id, enRoute: enRoute.id, trayPast: tray.id };
}
