import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, cases, instalments, outcomes, repaymentPlans, visits } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { promiseRows, promiseState } from '../../server/db/sql/promise-state.sql';
import { countPromiseStates } from '../../server/modules/promises/promises.repo';
import { createCaller } from '../../server/trpc/root';
import type { PromiseState } from '../../shared/domain/promises';
import { addDays, localDate } from '../../shared/time';
import { arriveAt, assignedStops, outcomeInput, setUpFieldDay } from './field-helpers';
import { makeContext } from './helpers/db';

/**
 * The team stored on each promise (migration 0020: outcomes.team_id and instalments.team_id, written by the outcome
 * writer) against the team derived through the case, row by row; and the promise counts of a team scope, which
 * filter by the stored team, against every team's promises filtered by the derived team.
 */
async function expectStoredAsDerived(handle: DbHandle) {
  const outcomeTeams = await handle.db
    .select({ id: outcomes.id, stored: outcomes.teamId, derived: cases.teamId })
    .from(outcomes)
    .innerJoin(visits, eq(visits.id, outcomes.visitId))
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId));
  const instalmentTeams = await handle.db
    .select({ id: instalments.id, stored: instalments.teamId, derived: cases.teamId })
    .from(instalments)
    .innerJoin(repaymentPlans, eq(repaymentPlans.id, instalments.planId))
    .innerJoin(cases, eq(cases.id, repaymentPlans.caseId));
  for (const r of [...outcomeTeams, ...instalmentTeams]) expect(r.stored, r.id).toBe(r.derived);
  return { outcomes: outcomeTeams.length, instalments: instalmentTeams.length };
}

/** Each team's counts by state, read through the stored team and derived through the case, for the same range. */
async function expectCountsAsDerived(handle: DbHandle, now: Date, dueFrom: string, dueTo: string) {
  const teams = await handle.db.selectDistinct({ id: cases.teamId }).from(cases);
  let total = 0;
  for (const { id } of teams) {
    const stored = await countPromiseStates(handle.db, { teamIds: [id], dueFrom, dueTo }, now);
    const rows = await handle.db
      .select({ state: promiseState('p', now), n: sql<number>`count(*)::int` })
      .from(sql`${promiseRows({ dueFrom, dueTo })} as p`)
      .where(sql`p.team_id = ${id}`)
      .groupBy(sql`1`);
    const derived: Record<PromiseState, number> = { kept: 0, paid_late: 0, broken: 0, due: 0 };
    for (const r of rows) derived[r.state] = Number(r.n);
    expect(stored, id).toEqual(derived);
    total += Object.values(stored).reduce((a, b) => a + b, 0);
  }
  return total;
}

/** The backfill statements of migration 0020, as PostgreSQL runs them when a database is migrated. */
function backfillStatements(): string[] {
  const text = readFileSync(new URL('../../drizzle/migrations/0020_promise_team.sql', import.meta.url), 'utf8');
  const updates = text.split('--> statement-breakpoint').filter((s) => s.includes('UPDATE'));
  if (updates.length !== 2) throw new Error('expected two backfills in 0020');
  return updates;
}

describe("a promise's team stored where the promise is written", () => {
  const demo = setUpFieldDay();
  // The clock of every call: the demo agent's first stop, so the data and the clock agree at any wall-clock time.
  const nowOf = () => new Date(demo.stop.slotStart);
  const range = () => {
    const today = localDate(nowOf(), 'Asia/Shanghai');
    return { from: addDays(today, -60), to: addDays(today, 60) };
  };

  it('the seed stores every outcome and instalment its case team, and a team scope counts as derived', async () => {
    const n = await expectStoredAsDerived(demo.handle);
    expect(n.outcomes).toBeGreaterThan(10);
    expect(n.instalments).toBeGreaterThan(0);
    const { from, to } = range();
    expect(await expectCountsAsDerived(demo.handle, nowOf(), from, to)).toBeGreaterThan(0);
  });

  it("migration 0020's backfill gives the same teams", async () => {
    const before = await expectStoredAsDerived(demo.handle);
    await demo.handle.db.update(outcomes).set({ teamId: null });
    await demo.handle.db.update(instalments).set({ teamId: null });
    for (const s of backfillStatements()) await demo.handle.db.execute(sql.raw(s));
    expect(await expectStoredAsDerived(demo.handle)).toEqual(before);
    const [left] = await demo.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outcomes)
      .where(sql`${outcomes.teamId} is null`);
    expect(left?.n).toBe(0);
  });

  it('the outcome writer stores the team of a new promise, its plan and its correction', async () => {
    const [stop] = await assignedStops(demo.handle, demo.users);
    if (!stop) throw new Error('no assigned stop');
    const at = await arriveAt(demo.handle, demo.users, stop, 'promise-team');
    const agent = (now: Date) => createCaller(makeContext(demo.handle, demo.users.agent, { now }));
    const today = localDate(at, 'Asia/Shanghai');
    const before = await expectStoredAsDerived(demo.handle);
    await agent(new Date(at.getTime() + 20 * 60_000)).field.recordOutcome(
      outcomeInput(stop.id, {
        code: 'promise_to_pay',
        promisedAmountCents: 300_000,
        plan: {
          channel: 'bank_transfer',
          instalments: [7, 14].map((d, i) => ({ dueDate: addDays(today, d), amountCents: (i + 1) * 100_000 })),
        },
      }),
    );
    await agent(new Date(at.getTime() + 30 * 60_000)).field.recordOutcome(
      outcomeInput(stop.id, {
        code: 'promise_to_pay',
        promisedAmountCents: 50_000,
        promisedDate: addDays(today, 3),
        correctsVersion: 1,
        correctionReason: 'One payment instead of a plan',
      }),
    );
    const after = await expectStoredAsDerived(demo.handle);
    expect(after).toEqual({ outcomes: before.outcomes + 2, instalments: before.instalments + 2 });
    const { from, to } = range();
    expect(await expectCountsAsDerived(demo.handle, new Date(at.getTime() + 40 * 60_000), from, to)).toBeGreaterThan(0);
  });
});
