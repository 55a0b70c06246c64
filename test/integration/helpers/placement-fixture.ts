import { and, asc, eq, isNull, type sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { appointments, crews, visits } from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { createCaller } from '../../../server/trpc/root';
import { addDays } from '../../../shared/time';
import { createTestDb, makeContext } from './db';
import { seedDemoUsers, TODAY } from './demo';

export const TOMORROW = addDays(TODAY, 1);
export const MIN = 60_000;
let keyN = 0;
/** A fresh idempotency key. */
export const key = () => `dispatch-rules-${++keyN}-${Date.now()}`;

export interface PlacementFixture {
  handle: DbHandle;
  users: Awaited<ReturnType<typeof seedDemoUsers>>;
  teamId: string;
  dispatcher: ReturnType<typeof createCaller>;
  dispatcherZh: ReturnType<typeof createCaller>;
  /** An unassigned visit of tomorrow, with its slot and version. */
  tray: { id: string; version: number; slotStart: Date; slotEnd: Date };
  /** A placement the rules accept, found through checkMove. */
  good: { crewId: string; arrival: string };
  /** The visit as stored now. */
  freshVisit: (id: string) => ReturnType<typeof readVisit>;
  exec: (q: ReturnType<typeof sql>) => Promise<unknown>;
}

/** Registers the hooks that build the fixture for the enclosing describe; its fields are set once they have run. */
export function setUpPlacementFixture(): PlacementFixture {
  const fx = {} as PlacementFixture;
  beforeAll(async () => {
    Object.assign(fx, await openPlacementFixture());
  }, 300_000);
  afterAll(async () => fx.handle?.close());
  return fx;
}

async function openPlacementFixture(): Promise<PlacementFixture> {
  const handle = await createTestDb();
  const users = await seedDemoUsers(handle);
  const teamId = users.dispatcher.teamIds[0] as string;
  const dispatcher = createCaller(makeContext(handle, users.dispatcher));
  const dispatcherZh = createCaller(makeContext(handle, users.dispatcher, { locale: 'zh-CN' }));
  const crewRows = await handle.db
    .select({ id: crews.id })
    .from(crews)
    .where(and(eq(crews.teamId, teamId), eq(crews.workDate, TOMORROW)))
    .orderBy(asc(crews.name));
  const crewIds = crewRows.map((c) => c.id);
  const trayRows = await handle.db
    .select({
      id: visits.id,
      version: visits.version,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .where(
      and(
        eq(visits.teamId, teamId),
        eq(visits.visitDate, TOMORROW),
        isNull(visits.crewId),
        eq(visits.status, 'unassigned'),
      ),
    )
    .orderBy(asc(visits.id));
  let tray: PlacementFixture['tray'] | undefined;
  let good: PlacementFixture['good'] | undefined;
  // Any tray visit some crew can take somewhere in its slot.
  for (const v of trayRows) {
    for (const crewId of crewIds) {
      for (let t = v.slotStart.getTime(); t <= v.slotEnd.getTime() && !good; t += 15 * MIN) {
        const r = await dispatcher.dispatch.checkMove({ visitId: v.id, crewId, arrival: new Date(t).toISOString() });
        if (r.ok) {
          tray = v;
          good = { crewId, arrival: new Date(t).toISOString() };
        }
      }
      if (good) break;
    }
    if (good) break;
  }
  return {
    handle,
    users,
    teamId,
    dispatcher,
    dispatcherZh,
    tray: tray as PlacementFixture['tray'],
    good: good as PlacementFixture['good'],
    freshVisit: (id) => readVisit(handle, id),
    exec: (q) => handle.db.execute(q),
  };
}

async function readVisit(handle: DbHandle, id: string) {
  const [v] = await handle.db
    .select({
      version: visits.version,
      status: visits.status,
      crewId: visits.crewId,
      routePosition: visits.routePosition,
      plannedArrival: visits.plannedArrival,
    })
    .from(visits)
    .where(eq(visits.id, id));
  return v as NonNullable<typeof v>;
}
