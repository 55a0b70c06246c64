import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addresses, appointments, visits } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { haversineM, STRAIGHT_LINE_MODEL, travelMinutes } from '../../shared/geo';
import { arriveAt, assignedStops, outcomeInput, setUpFieldDay } from './field-helpers';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { migrationStatements } from './helpers/migration-sql';

/**
 * The legs stored on visits (migration 0019, field/travel-legs.ts) against the dashboard's old derivation, done
 * here independently: every made, checked-in visit with a crew, in each crew-day's check-in order, the leg from the
 * one before it of the same crew-day.
 */
async function derivedLegs(handle: DbHandle) {
  const rows = await handle.db
    .select({
      id: visits.id,
      crewId: visits.crewId,
      visitDate: visits.visitDate,
      lat: addresses.lat,
      lng: addresses.lng,
      legM: visits.travelLegM,
      legMinutes: visits.travelLegMinutes,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .where(and(eq(visits.status, 'completed'), isNotNull(visits.checkInAt), isNotNull(visits.crewId)))
    .orderBy(asc(visits.crewId), asc(visits.visitDate), asc(visits.checkInAt), asc(visits.id));
  type Leg = { m: number | null; minutes: number | null; visitDate: string };
  const expected = new Map<string, Leg>();
  const stored = new Map<string, Omit<Leg, 'visitDate'>>();
  let prev: (typeof rows)[number] | undefined;
  for (const r of rows) {
    const from = prev && prev.crewId === r.crewId && prev.visitDate === r.visitDate ? prev : undefined;
    const place = (p: typeof r) => ({ lat: p.lat as number, lng: p.lng as number });
    expected.set(
      r.id,
      from
        ? {
            m: haversineM(place(from), place(r)),
            minutes: travelMinutes(place(from), place(r)),
            visitDate: r.visitDate,
          }
        : { m: null, minutes: null, visitDate: r.visitDate },
    );
    stored.set(r.id, { m: r.legM, minutes: r.legMinutes });
    prev = r;
  }
  return { expected, stored, legs: [...expected.values()].filter((l) => l.m !== null).length };
}

/**
 * Stored equals derived, visit by visit (metres to a micrometre: SQL's sin/cos may differ from V8's in the last
 * bit); returns the number of legs and the metres travelled on `day`.
 */
async function expectStoredAsDerived(handle: DbHandle, day = TODAY) {
  const { expected, stored, legs } = await derivedLegs(handle);
  for (const [id, want] of expected) {
    const got = stored.get(id);
    expect(got?.minutes, id).toBe(want.minutes);
    if (want.m === null) expect(got?.m, id).toBeNull();
    else expect(got?.m, id).toBeCloseTo(want.m, 6);
  }
  // No leg on a visit that is not a made check-in.
  const [extra] = await handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(visits)
    .where(sql`${visits.travelLegM} is not null and not (${visits.status} = 'completed'
      and ${visits.checkInAt} is not null and ${visits.crewId} is not null)`);
  expect(extra?.n).toBe(0);
  const onDay = [...expected.values()].filter((l) => l.visitDate === day);
  return { legs, dayMetres: onDay.reduce((s, l) => s + (l.m ?? 0), 0) };
}

describe('travel legs stored at the check-in they lead to', () => {
  const demo = setUpFieldDay();

  it('the seed stores every made check-in its leg, as derived', async () => {
    const { legs } = await expectStoredAsDerived(demo.handle);
    expect(legs).toBeGreaterThan(10);
  });

  it("migration 0019's backfill gives the same legs", async () => {
    const before = await expectStoredAsDerived(demo.handle);
    await demo.handle.db.update(visits).set({ travelLegM: null, travelLegMinutes: null });
    for (const update of migrationStatements('0019_visit_travel_legs', 'UPDATE')) {
      await demo.handle.db.execute(sql.raw(update));
    }
    const after = await expectStoredAsDerived(demo.handle);
    expect(after.legs).toBe(before.legs);
  });

  it('the outcome writer keeps the crew-day legs when outcomes arrive out of check-in order, and after a correction', async () => {
    const stops = (await assignedStops(demo.handle, demo.users)).slice(0, 2);
    expect(stops).toHaveLength(2);
    const [first, second] = stops as [(typeof stops)[number], (typeof stops)[number]];
    const firstAt = await arriveAt(demo.handle, demo.users, first, 'legs-1');
    const agentAt = (now: Date) => createCaller(makeContext(demo.handle, demo.users.agent, { now }));
    // The crew records the first stop's outcome only after the second stop's (a phone offline until then).
    const secondAt = await arriveAt(demo.handle, demo.users, second, 'legs-2');
    await agentAt(new Date(secondAt.getTime() + 20 * 60_000)).field.recordOutcome(outcomeInput(second.id));
    await expectStoredAsDerived(demo.handle);
    const late = new Date(Math.max(firstAt.getTime(), secondAt.getTime()) + 30 * 60_000);
    await agentAt(late).field.recordOutcome(outcomeInput(first.id));
    await expectStoredAsDerived(demo.handle);
    const [leg] = await demo.handle.db
      .select({ m: visits.travelLegM })
      .from(visits)
      .where(eq(visits.id, firstAt <= secondAt ? second.id : first.id));
    expect(leg?.m).toBeCloseTo(haversineM(first, second), 6);

    // A correction changes no leg; the dashboard's km for the day is the derived legs' sum × the detour.
    await agentAt(new Date(late.getTime() + 60_000)).field.recordOutcome(
      outcomeInput(first.id, { code: 'dispute', correctsVersion: 1, correctionReason: 'Borrower disputes the debt' }),
    );
    const { dayMetres } = await expectStoredAsDerived(demo.handle);
    expect(dayMetres).toBeGreaterThan(0);
    const admin = createCaller(makeContext(demo.handle, demo.users.admin, { now: late }));
    const { kpis } = await admin.reports.dashboard({ from: TODAY, to: TODAY });
    const km = (dayMetres * STRAIGHT_LINE_MODEL.detourFactor) / 1000;
    expect(kpis.kmPerVisit).toBe(Number((km / kpis.made).toFixed(3)));
  });
});
