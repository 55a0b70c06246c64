import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, auditLog, cases, visits } from '../../drizzle/schema';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { makeContext, TEST_DB_KIND } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { signedIn } from './helpers/signed-in';

/**
 * Every way a visit gets cancelled (a payment that settles its case, an appointment cancelled or rescheduled)
 * takes it off its crew's route the same way: one cancelVisit.
 */
describe('cancelling a routed visit, whoever cancels it', () => {
  const demo = setUpDemoCity();
  const tomorrow = addDays(TODAY, 1);

  /** A crew of the team with at least three routed stops tomorrow, its stops in route order. */
  async function routedCrew(skip: Set<string>) {
    const routed = await demo.handle.db
      .select({
        id: visits.id,
        crewId: visits.crewId,
        caseId: appointments.caseId,
        appointmentId: visits.appointmentId,
        pos: visits.routePosition,
        version: visits.version,
      })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .where(and(eq(visits.teamId, demo.teamId), eq(visits.visitDate, tomorrow), eq(visits.status, 'assigned')))
      .orderBy(asc(visits.routePosition));
    const byCrew = new Map<string, typeof routed>();
    for (const v of routed) if (v.crewId) byCrew.set(v.crewId, [...(byCrew.get(v.crewId) ?? []), v]);
    const found = [...byCrew].find(([crewId, list]) => !skip.has(crewId) && list.length >= 3);
    if (!found) throw new Error('no crew with three routed visits tomorrow');
    skip.add(found[0]);
    return { crewId: found[0], stops: found[1] };
  }

  /** Positions of the crew's stops tomorrow that are still on its route. */
  async function positions(crewId: string) {
    const rows = await demo.handle.db
      .select({ pos: visits.routePosition })
      .from(visits)
      .where(and(eq(visits.crewId, crewId), eq(visits.visitDate, tomorrow)));
    return rows.map((r) => r.pos).sort((a, b) => (a ?? 0) - (b ?? 0));
  }

  /**
   * Watches the team's live events; `announced()` is the visit.cancel event of `visitId` announced by the
   * request itself. On PGlite the announcement is delivered before the mutation returns (the audit-log watch
   * that would deliver it too only runs once a second), so nothing is waited for; on PostgreSQL it comes back
   * through NOTIFY, a moment later.
   */
  async function watch() {
    const abort = new AbortController();
    // A real session: an open stream re-checks it (live-access.test.ts).
    const caller = createCaller(await signedIn(demo.handle, 'admin'), { signal: abort.signal });
    const stream = (await caller.live.team({ teamId: demo.teamId })) as AsyncIterable<LiveEvent>;
    const iterator = stream[Symbol.asyncIterator]();
    let pending = iterator.next();
    /** The next event within `waitMs`, or null. */
    const nextEvent = async (waitMs: number) => {
      const next = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), waitMs))]);
      if (!next || next.done) return null;
      pending = iterator.next();
      return next.value;
    };
    // Let the watch start (and LISTEN connect on PostgreSQL) before anything is changed; drop what it saw.
    while (await nextEvent(TEST_DB_KIND === 'pglite' ? 50 : 500)) {}
    return {
      announced: async (visitId: string) => {
        for (;;) {
          const e = await nextEvent(TEST_DB_KIND === 'pglite' ? 0 : 2000);
          if (!e || (e.action === 'visit.cancel' && e.entityId === visitId)) return e;
        }
      },
      // A pending next() would hold a return() back until the next event: the watch ends by aborting it.
      stop: () => abort.abort(),
    };
  }

  it('a payment that settles the case takes its routed visit off the route, renumbers the rest, announces and audits it', async () => {
    const { crewId, stops } = await routedCrew(new Set());
    const target = stops[0];
    if (!target) throw new Error('no first stop');
    // The dispatcher pins it after the payment screen was opened: the cancel must start from this version.
    const dispatcher = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    const pinned = await dispatcher.dispatch.setPinned({
      visitId: target.id,
      pinned: true,
      version: target.version,
      idempotencyKey: `pin-${target.id}`,
    });
    const [c] = await demo.handle.db
      .select({ owed: cases.overdueAmountCents })
      .from(cases)
      .where(eq(cases.id, target.caseId));
    // The case's visits still standing before the payment: the payment reports how many of them it cancelled.
    const caseVisits = () =>
      demo.handle.db
        .select({ id: visits.id, status: visits.status })
        .from(visits)
        .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
        .where(eq(appointments.caseId, target.caseId));
    const standing = (await caseVisits()).filter((v) => v.status !== 'cancelled').map((v) => v.id);
    const live = await watch();
    const paid = await createCaller(makeContext(demo.handle, demo.users.manager)).payments.record({
      caseId: target.caseId,
      amountCents: c?.owed as number,
      paidOn: TODAY,
      channel: 'bank_transfer',
      reference: `SETTLE-${target.id}`,
    });
    expect(paid).toMatchObject({ duplicate: false, casePaid: true });
    const cancelledNow = (await caseVisits()).filter((v) => v.status === 'cancelled' && standing.includes(v.id));
    expect(cancelledNow.map((v) => v.id)).toContain(target.id);
    expect(paid.cancelledVisits).toBe(cancelledNow.length);

    const [gone] = await demo.handle.db
      .select({
        status: visits.status,
        crewId: visits.crewId,
        agentId: visits.agentId,
        secondAgentId: visits.secondAgentId,
        plannedArrival: visits.plannedArrival,
        routePosition: visits.routePosition,
        pinned: visits.pinned,
        version: visits.version,
      })
      .from(visits)
      .where(eq(visits.id, target.id));
    expect(gone).toEqual({
      status: 'cancelled',
      crewId: null,
      agentId: null,
      secondAgentId: null,
      plannedArrival: null,
      routePosition: null,
      pinned: false,
      version: pinned.version + 1,
    });
    expect(await positions(crewId)).toEqual(Array.from({ length: stops.length - 1 }, (_, i) => i + 1));
    const [appointment] = await demo.handle.db
      .select({ status: appointments.status })
      .from(appointments)
      .where(eq(appointments.id, target.appointmentId));
    expect(appointment?.status).toBe('cancelled');

    const audits = await demo.handle.db
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.entityId, target.id))
      .orderBy(asc(auditLog.id));
    expect(audits.at(-1)).toMatchObject({
      action: 'visit.cancel',
      before: { status: 'assigned', crewId, version: pinned.version },
      after: { status: 'cancelled', reason: 'case_paid', version: pinned.version + 1 },
    });
    expect(await live.announced(target.id)).toMatchObject({ teamId: demo.teamId, entityType: 'visit' });
    await live.stop();
  });

  it('cancelling an appointment uses the same path: off the route, renumbered, announced, audited', async () => {
    const { crewId, stops } = await routedCrew(new Set([await firstCrewWithPayment()]));
    const target = stops[1];
    if (!target) throw new Error('no second stop');
    const live = await watch();
    const out = await createCaller(makeContext(demo.handle, demo.users.dispatcher)).appointments.cancel({
      appointmentId: target.appointmentId,
      reason: 'Borrower asked to cancel',
      idempotencyKey: `cancel-${target.id}`,
    });
    expect(out.visitVersion).toBe(target.version + 1);
    expect(await positions(crewId)).toEqual(Array.from({ length: stops.length - 1 }, (_, i) => i + 1));
    const [audit] = await demo.handle.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, target.id), eq(auditLog.action, 'visit.cancel')));
    expect(audit?.after).toMatchObject({ status: 'cancelled', reason: 'Borrower asked to cancel' });
    expect(await live.announced(target.id)).toMatchObject({ teamId: demo.teamId, entityType: 'visit' });
    await live.stop();
  });

  /** The crew the first test paid a visit of (its route already has a gap closed). */
  async function firstCrewWithPayment(): Promise<string> {
    const [row] = await demo.handle.db
      .select({ before: auditLog.before })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'visit.cancel'), eq(auditLog.teamId, demo.teamId)))
      .limit(1);
    return (row?.before as { crewId?: string } | null)?.crewId ?? '';
  }
});
