import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, visitDayCounts, visits } from '../../drizzle/schema';
import { writeStoredStateFromHistory } from '../../server/db/seed/stored-state';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { assignedStops, outcomeInput, planAgreedInput, setUpFieldDay, workTwoStops } from './field-helpers';
import { appCode, failure } from './helpers/calls';
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
    // The field app: en route and check-in, an outcome (sent twice: a replay counts once), a second stop (the
    // crew-day's legs), corrections.
    const { stop, agentAt } = await workTwoStops(
      demo,
      'daycount',
      { first: { code: 'refused' }, second: { code: 'borrower_absent' } },
      async (step) => {
        const made = await expectCountsTrue(demo.handle);
        if (step === 'first-recorded') expect(made).toBe(seededMade + 1);
        // The borrower was absent at the second: a missed visit, not a made one.
        if (step === 'second-recorded') expect(made).toBe(seededMade + 1);
      },
    );
    await agentAt(50).field.recordOutcome(
      planAgreedInput(stop.id, { clientId: 'daycount-v2', borrowerPresent: false, correctsVersion: 1 }),
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

  it("stay exact when a phone's queued writes are replayed after the visit changed, and count a replay once", async () => {
    const [stop] = await assignedStops(demo.handle, demo.users);
    if (!stop) throw new Error('no assigned stop left today');
    const minutes = (m: number) => new Date(new Date(stop.slotStart).getTime() + m * 60_000);
    const agentAt = (m: number) => createCaller(makeContext(demo.handle, demo.users.agent, { now: minutes(m) }));
    const dispatcherAt = (m: number) =>
      createCaller(makeContext(demo.handle, demo.users.dispatcher, { now: minutes(m) }));
    // What the phone queued without a signal: on my way, the check-in at the door, an outcome with a promise.
    const enRoute = {
      visitId: stop.id,
      version: stop.version,
      clientId: key('q-enroute'),
      at: minutes(-5).toISOString(),
    };
    const checkIn = {
      visitId: stop.id,
      version: stop.version + 1,
      clientId: key('q-checkin'),
      at: minutes(8).toISOString(),
      lat: stop.lat,
      lng: stop.lng,
    };
    const outcome = outcomeInput(stop.id, {
      clientId: key('q-outcome'),
      code: 'promise_to_pay',
      promisedAmountCents: 30_000,
      promisedDate: TODAY,
      recordedAt: minutes(25).toISOString(),
    });
    const replay = async (m: number) => {
      // In the queue's order, each sent when the one before it is answered.
      for (const send of [
        () => agentAt(m).field.enRoute(enRoute),
        () => agentAt(m).field.checkIn(checkIn),
        () => agentAt(m).field.recordOutcome(outcome),
      ]) {
        const answer = await send().then(
          () => 'applied',
          (err) => appCode(err),
        );
        expect(['applied', 'FIELD_RECORD_KEPT']).toContain(answer);
      }
    };
    const made = await expectCountsTrue(demo.handle);
    // Meanwhile the dispatcher took the visit off the crew.
    await dispatcherAt(-10).dispatch.unassign({ visitId: stop.id, version: stop.version, idempotencyKey: key('q-u') });
    expect(await expectCountsTrue(demo.handle)).toBe(made);
    // The phone reconnects and sends its queue: each record is kept as a conflict, the visit is as the desk left it.
    const kept = await failure(agentAt(40).field.enRoute(enRoute));
    expect(appCode(kept)).toBe('FIELD_RECORD_KEPT');
    await replay(40);
    expect(await expectCountsTrue(demo.handle)).toBe(made);
    // A flaky network: the whole queue again.
    await replay(41);
    expect(await expectCountsTrue(demo.handle)).toBe(made);
    // The dispatcher accepts the outcome (with the trip before it): the visit is made once, with its promise.
    const conflict = (await dispatcherAt(50).fieldConflicts.list({ teamId: demo.teamId })).items.find(
      (c) => c.visitId === stop.id && c.action === 'outcome',
    );
    if (!conflict) throw new Error('the queued outcome was not kept');
    const accepted = await dispatcherAt(50).fieldConflicts.resolve({
      conflictId: conflict.id,
      decision: 'accept',
      idempotencyKey: key('q-accept'),
    });
    expect(accepted).toMatchObject({ accepted: 3, visitStatus: 'completed' });
    expect(await expectCountsTrue(demo.handle)).toBe(made + 1);
    // The phone never heard the answers and sends its queue once more: nothing is counted twice.
    await replay(55);
    expect(await expectCountsTrue(demo.handle)).toBe(made + 1);
    const [day] = await demo.handle.db
      .select({ made: visitDayCounts.made, promises: visitDayCounts.promises })
      .from(visitDayCounts)
      .where(and(eq(visitDayCounts.teamId, demo.teamId), eq(visitDayCounts.visitDate, TODAY)));
    const [counted] = await demo.handle.db
      .select({
        made: sql<number>`count(*) filter (where ${visits.status} = 'completed')::int`,
        promises: sql<number>`count(*) filter (where ${visits.status} = 'completed'
          and ${visits.outcomeCode} in ('promise_to_pay', 'repayment_plan_agreed'))::int`,
      })
      .from(visits)
      .where(and(eq(visits.teamId, demo.teamId), eq(visits.visitDate, TODAY)));
    expect(day).toEqual(counted);
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
