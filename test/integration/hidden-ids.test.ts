import { TRPCError } from '@trpc/server';
import { and, eq, notInArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, cases, crews, teams, visits } from '../../drizzle/schema';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { appCode } from './helpers/calls';
import { key, setUpCaseFixture } from './helpers/case-fixture';
import { TODAY } from './helpers/demo';

/**
 * Naming a team, case, visit, appointment or complaint the caller may not see answers exactly as naming one that
 * does not exist (NOT_FOUND), as visits.get always did: a different answer would tell which ids exist.
 */
const fx = setUpCaseFixture();
const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';

/** The answer a call gives, as the caller sees it: tRPC code, domain code, message and details. */
async function answer(call: () => Promise<unknown>) {
  try {
    const out = await call();
    // A subscription resolves to its stream; the team check runs when the stream is first read.
    if (out && typeof out === 'object' && Symbol.asyncIterator in out) {
      await (out as AsyncIterable<LiveEvent>)[Symbol.asyncIterator]().next();
    }
    return { ok: true };
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    const e = err as TRPCError;
    return {
      code: e.code,
      appCode: appCode(e),
      message: e.message,
      details: (e.cause as { details?: unknown }).details,
    };
  }
}

describe('ids the caller may not see answer as unknown ones', () => {
  it('for every procedure that names a team or one of its records', async () => {
    const db = fx.handle.db;
    const seen = new Set([...fx.users.dispatcher.teamIds, ...fx.users.manager.teamIds]);
    const [hidden] = await db
      .select({ id: teams.id })
      .from(teams)
      .where(notInArray(teams.id, [...seen]));
    if (!hidden) throw new Error('the seed has no team outside the manager’s');
    const [v] = await db
      .select({ visitId: visits.id, appointmentId: appointments.id, caseId: cases.id })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .innerJoin(cases, eq(cases.id, appointments.caseId))
      .where(and(eq(visits.teamId, hidden.id), eq(visits.status, 'assigned')))
      .limit(1);
    if (!v) throw new Error('no assigned visit in the hidden team');
    const [crew] = await db.select({ id: crews.id }).from(crews).where(eq(crews.teamId, hidden.id)).limit(1);
    const [own] = await db
      .select({ id: visits.id, slotStart: appointments.slotStart })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .where(and(eq(visits.teamId, fx.teamId), eq(visits.status, 'unassigned')))
      .limit(1);
    if (!crew || !own) throw new Error('no crew in the hidden team or no unassigned visit of the dispatcher');
    const complaint = await fx.as('admin').complaints.create({
      key: key('complaint'),
      visitId: v.visitId,
      channel: 'phone',
      text: 'A complaint in a team the others cannot see',
    });

    const dispatcher = fx.as('dispatcher', 'zh-CN');
    const manager = fx.as('manager', 'zh-CN');
    const period = { from: TODAY, to: TODAY };
    type Ids = Record<'team' | 'visit' | 'appointment' | 'kase' | 'complaint' | 'crew', string>;
    const calls: Record<string, (id: Ids) => Promise<unknown>> = {
      'dispatch.day': (id) => dispatcher.dispatch.day({ teamId: id.team }),
      'dispatch.teamDays': (id) => dispatcher.dispatch.teamDays({ teamIds: [id.team], from: TODAY, days: 7 }),
      'live.team': (id) => dispatcher.live.team({ teamId: id.team }),
      'live.board': (id) => dispatcher.live.board({ teamIds: [id.team] }),
      'outcomes.recent': (id) => dispatcher.outcomes.recent({ teamId: id.team }),
      'appointments.worklist': (id) => dispatcher.appointments.worklist({ teamId: id.team }),
      'appointments.districts': (id) => dispatcher.appointments.districts({ teamId: id.team }),
      'payments.promises': (id) => dispatcher.payments.promises({ teamId: id.team, ...period }),
      'payments.followUps': (id) => dispatcher.payments.followUps({ teamId: id.team }),
      'complaints.list': (id) => dispatcher.complaints.list({ teamId: id.team }),
      'complaints.handlers': (id) => dispatcher.complaints.handlers({ teamId: id.team }),
      'reports.dashboard': (id) => manager.reports.dashboard({ ...period, teamId: id.team }),
      'dispatch.checkMove': (id) =>
        dispatcher.dispatch.checkMove({ visitId: own.id, crewId: id.crew, arrival: own.slotStart.toISOString() }),
      'appointments.caseFile': (id) => dispatcher.appointments.caseFile({ caseId: id.kase }),
      'appointments.cancel': (id) =>
        dispatcher.appointments.cancel({ appointmentId: id.appointment, reason: 'nope', idempotencyKey: key('c') }),
      'payments.record': (id) =>
        manager.payments.record({ caseId: id.kase, amountCents: 1, paidOn: TODAY, channel: 'x', reference: key('p') }),
      'reports.timeline': (id) => manager.reports.timeline({ visitId: id.visit }),
      'outbox.caseMessages': (id) => dispatcher.outbox.caseMessages({ caseId: id.kase }),
      'outbox.visitMessages': (id) => manager.outbox.visitMessages({ visitId: id.visit }),
      'outbox.failed': (id) => dispatcher.outbox.failed({ teamId: id.team }),
      'compliance.acknowledge': (id) =>
        manager.compliance.acknowledge({ rule: 'no_id_shown', visitId: id.visit, comment: 'not mine' }),
      'complaints.create': (id) =>
        dispatcher.complaints.create({ key: key('k'), visitId: id.visit, channel: 'sms', text: 'not my team' }),
      'complaints.assign': (id) => manager.complaints.assign({ id: id.complaint, userId: fx.users.manager.id }),
    };
    const hiddenIds: Ids = {
      team: hidden.id,
      visit: v.visitId,
      appointment: v.appointmentId,
      kase: v.caseId,
      complaint: complaint.id,
      crew: crew.id,
    };
    const unknownIds: Ids = {
      team: UNKNOWN,
      visit: UNKNOWN,
      appointment: UNKNOWN,
      kase: UNKNOWN,
      complaint: UNKNOWN,
      crew: UNKNOWN,
    };
    for (const [path, call] of Object.entries(calls)) {
      const forHidden = await answer(() => call(hiddenIds));
      expect(forHidden, path).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
      expect(forHidden, path).toEqual(await answer(() => call(unknownIds)));
      expect(JSON.stringify(forHidden), path).not.toContain(hidden.id);
    }
  });
});
