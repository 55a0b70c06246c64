import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, visitDayCounts, visits } from '../../drizzle/schema';
import { writeStoredStateFromHistory } from '../../server/db/seed/stored-state';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { arriveAt, assignedStops, outcomeInput, setUpFieldDay } from './field-helpers';
import { key } from './helpers/case-fixture';
import { expectCountsTrue } from './helpers/day-counts';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';

/**
 * The team-day counts (migration 0028: visit_day_counts, visit_day_outcomes, visit_day_agents, kept by the triggers
 * on visits) against a count of the visits themselves (dashboard.repo's visitCounts and countCrewDays, the
 * definitions of visit-filters.sql.ts), after each way a visit is written: the seed, the field app (en route,
 * check-in, outcome, the crew-day's travel legs, corrections, a plan agreed and withdrawn), the board (unassign,
 * assign), an appointment cancelled, and any other statement on visits (a date or team changed, a delete, a
 * truncate). Concurrent writers of one team-day: visit-day-counts.postgres.test.ts.
 */

describe('the team-day counts the dashboard sums', () => {
  const demo = setUpFieldDay();

  it('equal a count of the visits after the seed and every write of the field app, the board and appointments', async () => {
    const seededMade = await expectCountsTrue(demo.handle);
    expect(seededMade).toBeGreaterThan(10);
    const [stop, other] = await assignedStops(demo.handle, demo.users);
    if (!stop || !other) throw new Error('fewer than two assigned stops today');

    // The field app: en route and check-in, an outcome, a second stop (the crew-day's legs), corrections.
    const at = await arriveAt(demo.handle, demo.users, stop, 'days');
    await expectCountsTrue(demo.handle);
    const agentAt = (minutes: number) =>
      createCaller(makeContext(demo.handle, demo.users.agent, { now: new Date(at.getTime() + minutes * 60_000) }));
    await agentAt(20).field.recordOutcome(outcomeInput(stop.id, { clientId: 'daycount-v1', code: 'refused' }));
    expect(await expectCountsTrue(demo.handle)).toBe(seededMade + 1);
    const otherAt = await arriveAt(demo.handle, demo.users, other, 'days-other');
    await createCaller(
      makeContext(demo.handle, demo.users.agent, { now: new Date(Math.max(at.getTime(), otherAt.getTime()) + 60_000) }),
    ).field.recordOutcome(outcomeInput(other.id, { clientId: 'daycount-other', code: 'borrower_absent' }));
    await expectCountsTrue(demo.handle);
    await agentAt(50).field.recordOutcome(
      outcomeInput(stop.id, {
        clientId: 'daycount-v2',
        code: 'repayment_plan_agreed',
        borrowerPresent: false,
        promisedAmountCents: 90_000,
        plan: {
          channel: 'bank_transfer',
          instalments: [
            { dueDate: addDays(TODAY, 7), amountCents: 45_000 },
            { dueDate: addDays(TODAY, 14), amountCents: 45_000 },
          ],
        },
        correctsVersion: 1,
        correctionReason: 'The borrower agreed two instalments',
      }),
    );
    await expectCountsTrue(demo.handle);
    await agentAt(55).field.recordOutcome(
      outcomeInput(stop.id, {
        clientId: 'daycount-v3',
        code: 'dispute',
        correctsVersion: 2,
        correctionReason: 'The borrower withdrew from the plan',
      }),
    );
    await expectCountsTrue(demo.handle);

    // The board: a visit of tomorrow taken off its crew, then placed on it again.
    const tomorrow = addDays(TODAY, 1);
    const [routed] = await demo.handle.db
      .select({
        id: visits.id,
        crewId: visits.crewId,
        version: visits.version,
        appointmentId: visits.appointmentId,
        arrival: visits.plannedArrival,
      })
      .from(visits)
      .where(and(eq(visits.teamId, demo.teamId), eq(visits.visitDate, tomorrow), eq(visits.status, 'assigned')))
      .limit(1);
    if (!routed?.crewId || !routed.arrival) throw new Error('no routed visit tomorrow');
    const dispatcher = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    const off = await dispatcher.dispatch.unassign({
      visitId: routed.id,
      version: routed.version,
      idempotencyKey: key('u'),
    });
    await expectCountsTrue(demo.handle);
    await dispatcher.dispatch.assign({
      visitId: routed.id,
      version: off.version,
      crewId: routed.crewId,
      arrival: routed.arrival.toISOString(),
      idempotencyKey: key('a'),
    });
    await expectCountsTrue(demo.handle);
    // An appointment cancelled cancels its visit.
    await dispatcher.appointments.cancel({
      appointmentId: routed.appointmentId,
      reason: 'The borrower paid at the branch',
      idempotencyKey: key('c'),
    });
    await expectCountsTrue(demo.handle);
  });

  it('follow any other statement on visits: a missed slot, a date and team moved, a delete, the seed, a truncate', async () => {
    const [v] = await demo.handle.db
      .select({ id: visits.id, teamId: visits.teamId, appointmentId: visits.appointmentId })
      .from(visits)
      .where(and(eq(visits.visitDate, addDays(TODAY, 1)), eq(visits.status, 'assigned')))
      .limit(1);
    if (!v) throw new Error('no assigned visit tomorrow');
    await demo.handle.db
      .update(visits)
      .set({ status: 'missed', crewId: null, agentId: null })
      .where(eq(visits.id, v.id));
    await expectCountsTrue(demo.handle);
    const [otherTeam] = await demo.handle.db
      .selectDistinct({ teamId: visits.teamId })
      .from(visits)
      .where(sql`${visits.teamId} <> ${v.teamId}`)
      .limit(1);
    if (!otherTeam) throw new Error('one team only');
    // Not a move the app makes (a new slot is a new visit), but a counted column all the same.
    await demo.handle.db
      .update(visits)
      .set({ teamId: otherTeam.teamId, visitDate: addDays(TODAY, 2) })
      .where(eq(visits.id, v.id));
    await expectCountsTrue(demo.handle);
    const made = await expectCountsTrue(demo.handle);
    await demo.handle.db.transaction(async (tx) => {
      await tx.execute(sql`delete from visits where id = ${v.id}`);
      await tx.execute(sql`delete from appointments where id = ${v.appointmentId}`);
    });
    expect(await demo.handle.db.$count(appointments, eq(appointments.id, v.appointmentId))).toBe(0);
    expect(await expectCountsTrue(demo.handle)).toBe(made);
    // The seed's writer of the stored state rewrites every visit's outcome facts.
    await writeStoredStateFromHistory(demo.handle.db);
    await expectCountsTrue(demo.handle);
    await demo.handle.db.execute(sql`truncate visits cascade`);
    expect(await demo.handle.db.$count(visitDayCounts)).toBe(0);
    expect(await expectCountsTrue(demo.handle)).toBe(0);
  });
});
