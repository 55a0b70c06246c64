/** The demo city seeded once for a test file and read back whole, so the checks on it are plain array work. */
import { afterAll, beforeAll, expect } from 'vitest';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { isDatabaseEmpty, type SeedSummary, seedDemo } from '../../../server/db/seed';
import { createTestDb } from './db';

export const TODAY = '2026-05-04';
export const TZ = 'Asia/Shanghai';
export const MIN = 60_000;

async function readRows(db: DbHandle['db']) {
  return {
    teams: await db.select().from(s.teams),
    users: await db.select().from(s.users),
    agents: await db.select().from(s.agents),
    shifts: await db.select().from(s.shifts),
    crews: await db.select().from(s.crews),
    crewMembers: await db.select().from(s.crewMembers),
    borrowers: await db.select().from(s.borrowers),
    addresses: await db.select().from(s.addresses),
    cases: await db.select().from(s.cases),
    contacts: await db.select().from(s.contactAttempts),
    appointments: await db.select().from(s.appointments),
    visits: await db.select().from(s.visits),
    outcomes: await db.select().from(s.outcomes),
    plans: await db.select().from(s.repaymentPlans),
    instalments: await db.select().from(s.instalments),
  };
}

export interface SeededCity {
  handle: DbHandle;
  summary: SeedSummary;
  /** Every seeded table, read back once after seeding; the object stays the same, so it can be destructured early. */
  rows: Awaited<ReturnType<typeof readRows>>;
}

/** Registers the hooks that seed a fresh database for this file; the fields are set once they have run. */
export function setUpSeededCity(): SeededCity {
  const city = { rows: {} } as SeededCity;
  beforeAll(async () => {
    city.handle = await createTestDb();
    expect(await isDatabaseEmpty(city.handle.db)).toBe(true);
    city.summary = await seedDemo(city.handle.db, { today: TODAY, timeZone: TZ });
    Object.assign(city.rows, await readRows(city.handle.db));
  }, 60_000);
  afterAll(async () => {
    await city.handle?.close();
  });
  return city;
}

export const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
export const must = <T>(x: T | undefined, what: string): T => {
  if (x === undefined) throw new Error(`missing ${what}`);
  return x;
};
