import { and, eq, ne, notExists, sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { addresses, appointments, cases, contactAttempts } from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { createCaller } from '../../../server/trpc/root';
import type { Locale } from '../../../shared/errors';
import { addDays, zonedTimeToUtc } from '../../../shared/time';
import { createTestDb, makeContext } from './db';
import { seedDemoUsers, TODAY } from './demo';

export const TZ = 'Asia/Shanghai';
/** A slot on a day ahead, in Shanghai time, as ISO strings. */
export const slotOn = (daysAhead: number, from: string, to: string) => ({
  slotStart: zonedTimeToUtc(addDays(TODAY, daysAhead), from, TZ).toISOString(),
  slotEnd: zonedTimeToUtc(addDays(TODAY, daysAhead), to, TZ).toISOString(),
});

let n = 0;
export const key = (label: string) => `${label}-${++n}-${Date.now()}`;

/**
 * The seeded demo city plus one case of the dispatcher's team that has no appointment yet and no notice
 * logged (its seeded notices are removed): the starting point of a visit being arranged.
 */
export function setUpCaseFixture() {
  const fx = {} as {
    handle: DbHandle;
    users: Awaited<ReturnType<typeof seedDemoUsers>>;
    teamId: string;
    caseId: string;
    addressId: string;
    foreignAddressId: string;
    as: (role: 'dispatcher' | 'manager' | 'admin', locale?: Locale) => ReturnType<typeof createCaller>;
    anonymous: (ip?: string, locale?: Locale) => ReturnType<typeof createCaller>;
    appointmentCount: () => Promise<number>;
  };
  beforeAll(async () => {
    fx.handle = await createTestDb();
    fx.users = await seedDemoUsers(fx.handle);
    fx.teamId = fx.users.dispatcher.teamIds[0] as string;
    const db = fx.handle.db;
    const [c] = await db
      .select({ id: cases.id, borrowerId: cases.borrowerId })
      .from(cases)
      .where(
        and(
          eq(cases.teamId, fx.teamId),
          eq(cases.status, 'open'),
          notExists(db.select({ one: sql`1` }).from(appointments).where(eq(appointments.caseId, cases.id))),
        ),
      )
      .orderBy(cases.loanRef)
      .limit(1);
    if (!c) throw new Error('the seed has no open case without an appointment');
    fx.caseId = c.id;
    await db.delete(contactAttempts).where(eq(contactAttempts.caseId, c.id));
    const [own] = await db.select({ id: addresses.id }).from(addresses).where(eq(addresses.borrowerId, c.borrowerId));
    const [other] = await db.select({ id: addresses.id }).from(addresses).where(ne(addresses.borrowerId, c.borrowerId));
    fx.addressId = own?.id as string;
    fx.foreignAddressId = other?.id as string;
    fx.as = (role, locale = 'en') => createCaller(makeContext(fx.handle, fx.users[role], { locale }));
    fx.anonymous = (ip = '10.0.0.1', locale = 'en') => createCaller(makeContext(fx.handle, null, { ip, locale }));
    fx.appointmentCount = async () =>
      (await db.select({ id: appointments.id }).from(appointments).where(eq(appointments.caseId, fx.caseId))).length;
  }, 120_000);
  afterAll(async () => fx.handle?.close());
  return fx;
}
