import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { visits } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { writeStoredStateFromHistory } from '../../server/db/seed/stored-state';
import { createCaller } from '../../server/trpc/root';
import { rows } from '../helpers/db-rows';
import { outcomeInput, planAgreedInput, setUpFieldDay, workTwoStops } from './field-helpers';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { migrationStatements } from './helpers/migration-sql';

/**
 * The facts of the current outcome stored on each visit (migration 0024: outcome_code, outcome_present,
 * outcome_promised_cents; 0026: outcome_has_plan — what the reports count) against the newest version in the outcome
 * history and its plan, derived here independently of visits.current_outcome_id; a visit without an outcome has none
 * (and no plan). Returns the visits with one.
 */
async function expectFactsAsNewestVersion(handle: DbHandle): Promise<number> {
  // Spelled out: drizzle may leave a column of the one table selected unqualified, which inside the subquery would
  // name the outcome's own id.
  const visitId = sql.raw('"visits"."id"');
  const newest = (column: string) =>
    sql<string | null>`(select ${sql.raw(column)}::text from outcomes o where o.visit_id = ${visitId}
      order by o.version desc limit 1)`;
  const rows = await handle.db
    .select({
      id: visits.id,
      stored: sql<Array<string | null>>`array[${visits.outcomeCode}::text, ${visits.outcomePresent}::text,
        ${visits.outcomePromisedCents}::text, ${visits.outcomeHasPlan}::text]`,
      derived: sql<Array<string | null>>`array[${newest('o.code')}, ${newest('o.borrower_present')},
        ${newest('o.promised_amount_cents')},
        coalesce(${newest('exists (select 1 from repayment_plans rp where rp.outcome_id = o.id)')}, 'false')]`,
      has: sql<boolean>`exists (select 1 from outcomes o where o.visit_id = ${visitId})`,
    })
    .from(visits);
  for (const r of rows) expect(r.stored, r.id).toEqual(r.derived);
  return rows.filter((r) => r.has).length;
}

describe("a visit's copy of its current outcome's counted facts", () => {
  const demo = setUpFieldDay();

  it('the outcome writer keeps them through a record, an offline replay and corrections, and the dashboard counts them', async () => {
    const seeded = await expectFactsAsNewestVersion(demo.handle);
    expect(seeded).toBeGreaterThan(10);
    // The first outcome is sent twice (an offline replay): one version, the same facts.
    const { stop, at, agentAt } = await workTwoStops(demo, 'facts', {
      first: { code: 'refused', borrowerPresent: true },
      second: { code: 'borrower_absent', borrowerPresent: false },
    });
    const before = await expectFactsAsNewestVersion(demo.handle);
    expect(before).toBe(seeded + 2);
    const promised = 120_000;
    await agentAt(50).field.recordOutcome(
      outcomeInput(stop.id, {
        clientId: 'facts-v2',
        code: 'promise_to_pay',
        borrowerPresent: false,
        promisedAmountCents: promised,
        promisedDate: TODAY,
        correctsVersion: 1,
        correctionReason: 'Borrower called back and promised to pay',
      }),
    );
    expect(await expectFactsAsNewestVersion(demo.handle)).toBe(before);
    const [v] = await demo.handle.db
      .select({ code: visits.outcomeCode, present: visits.outcomePresent, cents: visits.outcomePromisedCents })
      .from(visits)
      .where(sql`${visits.id} = ${stop.id}`);
    expect(v).toEqual({ code: 'promise_to_pay', present: false, cents: promised });
    await agentAt(55).field.recordOutcome(
      outcomeInput(stop.id, {
        clientId: 'facts-v3',
        code: 'dispute',
        correctsVersion: 2,
        correctionReason: 'The promise was recorded at the wrong visit',
      }),
    );
    expect(await expectFactsAsNewestVersion(demo.handle)).toBe(before);
    const hasPlan = async () => {
      const [row] = await demo.handle.db
        .select({ plan: visits.outcomeHasPlan })
        .from(visits)
        .where(sql`${visits.id} = ${stop.id}`);
      return row?.plan;
    };
    expect(await hasPlan()).toBe(false);
    // A correction that agrees a plan: the plan writer marks the visit; the next correction (no plan) clears it.
    await agentAt(56).field.recordOutcome(planAgreedInput(stop.id, { clientId: 'facts-v4', correctsVersion: 3 }));
    expect(await hasPlan()).toBe(true);
    expect(await expectFactsAsNewestVersion(demo.handle)).toBe(before);
    const dayAt = (minutes: number) =>
      createCaller(makeContext(demo.handle, demo.users.admin, { now: new Date(at.getTime() + minutes * 60_000) }));
    const plansDerived = async () => {
      const [row] = await rows<{ n: number }>(
        demo.handle,
        sql`select count(*)::int as n from visits v
          join outcomes o on o.visit_id = v.id
            and o.version = (select max(x.version) from outcomes x where x.visit_id = v.id)
          join repayment_plans rp on rp.outcome_id = o.id
          where v.visit_date = ${TODAY} and v.status = 'completed'`,
      );
      return Number(row?.n);
    };
    const plansWithOne = (await dayAt(57).reports.dashboard({ from: TODAY, to: TODAY })).kpis.plansAgreed;
    expect(plansWithOne).toBeGreaterThanOrEqual(1);
    expect(plansWithOne).toBe(await plansDerived());
    await agentAt(58).field.recordOutcome(
      outcomeInput(stop.id, {
        clientId: 'facts-v5',
        code: 'dispute',
        correctsVersion: 4,
        correctionReason: 'The borrower withdrew from the plan',
      }),
    );
    expect(await hasPlan()).toBe(false);
    expect(await expectFactsAsNewestVersion(demo.handle)).toBe(before);
    const plansAfter = (await dayAt(59).reports.dashboard({ from: TODAY, to: TODAY })).kpis.plansAgreed;
    expect(plansAfter).toBe(plansWithOne - 1);
    expect(plansAfter).toBe(await plansDerived());

    // The dashboard's outcome breakdown for the day, from the stored facts, is the count by each newest version.
    const admin = createCaller(
      makeContext(demo.handle, demo.users.admin, { now: new Date(at.getTime() + 60 * 60_000) }),
    );
    const { byOutcome } = await admin.reports.dashboard({ from: TODAY, to: TODAY });
    const derived = await demo.handle.db
      .select({ code: sql<string>`o.code::text`, n: sql<number>`count(*)::int` })
      .from(visits)
      .innerJoin(
        sql`outcomes o`,
        sql`o.visit_id = "visits"."id" and o.version = (select max(x.version) from outcomes x where x.visit_id = "visits"."id")`,
      )
      .where(sql`${visits.visitDate} = ${TODAY} and ${visits.status} = 'completed'`)
      .groupBy(sql`o.code`);
    const want = Object.fromEntries(derived.map((r) => [r.code, r.n]));
    expect(want.dispute).toBeGreaterThanOrEqual(1);
    expect(Object.fromEntries(byOutcome.map((b) => [b.code, b.count]))).toEqual(want);
  });

  it("the seed's writer and migrations 0024 and 0026's backfills give the same facts", async () => {
    const before = await expectFactsAsNewestVersion(demo.handle);
    expect(before).toBeGreaterThan(10);
    const plans = await demo.handle.db.$count(visits, sql`${visits.outcomeHasPlan}`);
    expect(plans).toBeGreaterThan(0);
    const clear = () =>
      demo.handle.db
        .update(visits)
        .set({ outcomeCode: null, outcomePresent: null, outcomePromisedCents: null, outcomeHasPlan: false });
    await clear();
    await writeStoredStateFromHistory(demo.handle.db);
    expect(await expectFactsAsNewestVersion(demo.handle)).toBe(before);
    await clear();
    for (const update of [
      ...migrationStatements('0024_visit_outcome_facts', 'UPDATE'),
      ...migrationStatements('0026_visit_outcome_plan', 'UPDATE'),
    ]) {
      await demo.handle.db.execute(sql.raw(update));
    }
    expect(await expectFactsAsNewestVersion(demo.handle)).toBe(before);
    expect(await demo.handle.db.$count(visits, sql`${visits.outcomeHasPlan}`)).toBe(plans);
  });
});
