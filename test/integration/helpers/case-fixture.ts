import { and, eq, ne, notExists, notInArray, sql } from 'drizzle-orm';
import { beforeAll } from 'vitest';
import { addresses, appointments, bases, cases, contactAttempts } from '../../../drizzle/schema';
import { createCaller } from '../../../server/trpc/root';
import type { Locale } from '../../../shared/errors';
import { addDays, zonedTimeToUtc } from '../../../shared/time';
import { makeContext } from './db';
import { TODAY } from './demo';
import { setUpDemoCity } from './demo-city';

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
 * logged (its seeded notices are removed): the starting point of a visit being arranged. `freshCase()` (in a
 * beforeEach) gives each test a case of its own.
 */
export function setUpCaseFixture() {
  const fx = setUpDemoCity() as ReturnType<typeof setUpDemoCity> & {
    caseId: string;
    addressId: string;
    foreignAddressId: string;
    as: (role: 'dispatcher' | 'manager' | 'admin', locale?: Locale) => ReturnType<typeof createCaller>;
    /** A caller with no session (a borrower); `now` is the server's clock for the call (the wall clock if left out). */
    anonymous: (ip?: string, locale?: Locale, now?: Date) => ReturnType<typeof createCaller>;
    appointmentCount: () => Promise<number>;
    /** Moves the fixture to another such case, untouched by the tests before (for tests that stand alone). */
    freshCase: () => Promise<void>;
  };
  const used: string[] = [];
  fx.freshCase = async () => {
    const db = fx.handle.db;
    const [c] = await db
      .select({ id: cases.id, borrowerId: cases.borrowerId })
      .from(cases)
      .where(
        and(
          eq(cases.teamId, fx.teamId),
          eq(cases.status, 'open'),
          notExists(db.select({ one: sql`1` }).from(appointments).where(eq(appointments.caseId, cases.id))),
          used.length > 0 ? notInArray(cases.id, used) : undefined,
        ),
      )
      .orderBy(cases.loanRef)
      .limit(1);
    if (!c) throw new Error('the seed has no open case without an appointment left');
    used.push(c.id);
    fx.caseId = c.id;
    await db.delete(contactAttempts).where(eq(contactAttempts.caseId, c.id));
    const [own] = await db.select({ id: addresses.id }).from(addresses).where(eq(addresses.borrowerId, c.borrowerId));
    const [other] = await db.select({ id: addresses.id }).from(addresses).where(ne(addresses.borrowerId, c.borrowerId));
    fx.addressId = own?.id as string;
    fx.foreignAddressId = other?.id as string;
  };
  fx.as = (role, locale = 'en') => createCaller(makeContext(fx.handle, fx.users[role], { locale }));
  fx.anonymous = (ip = '10.0.0.1', locale = 'en', now?: Date) =>
    createCaller(makeContext(fx.handle, null, { ip, locale, ...(now ? { now } : {}) }));
  fx.appointmentCount = async () =>
    (await fx.handle.db.select({ id: appointments.id }).from(appointments).where(eq(appointments.caseId, fx.caseId)))
      .length;
  beforeAll(() => fx.freshCase());
  return fx;
}

/** Logs on the fixture's case that the slot link was sent by SMS (the notice a link needs). */
export async function logSlotNotice(fx: ReturnType<typeof setUpCaseFixture>) {
  await fx.as('dispatcher').appointments.logNotice({
    caseId: fx.caseId,
    stage: 'appointment_notice',
    channel: 'sms',
    result: 'Sent the slot link by SMS',
    idempotencyKey: key('n'),
  });
}

/** Logs the slot notice on the fixture's case and sends the borrower a slot link; the link's path. */
export async function sendSlotLink(fx: ReturnType<typeof setUpCaseFixture>) {
  await logSlotNotice(fx);
  return fx.as('dispatcher').appointments.createLink({
    caseId: fx.caseId,
    addressId: fx.addressId,
    visitType: 'negotiation',
    idempotencyKey: key('l'),
  });
}

/** An active base of the fixture's team: a point inside the team's region (to pin an address there). */
export async function teamBasePoint(fx: ReturnType<typeof setUpCaseFixture>): Promise<{ lat: number; lng: number }> {
  const [b] = await fx.handle.db
    .select({ lat: bases.lat, lng: bases.lng })
    .from(bases)
    .where(and(eq(bases.teamId, fx.teamId), eq(bases.active, true)))
    .limit(1);
  if (!b) throw new Error('the demo team has no base');
  return b;
}
