/**
 * The outbox (SPEC §8.4, issue #16): a notice, an agreed slot, a link, a reschedule, a cancellation and an
 * en-route each write exactly one borrower message in the change's transaction, with its send job — also when
 * the request is replayed — in the borrower's language, naming the slot, the address, who comes (badge numbers)
 * and where to complain, and never the amount owed unless the team's policy allows it.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { agents, borrowers, cases, messages, policySettings, teams, visits } from '../../drizzle/schema';
import { JOB_SCHEMA } from '../../server/modules/jobs/queue';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { assignedStops } from './field-helpers';
import { appCode, failure } from './helpers/calls';
import { key, setUpCaseFixture, slotOn } from './helpers/case-fixture';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { outboxCalls } from './helpers/outbox-calls';

const fx = setUpCaseFixture();

const { at, as, agree, notice } = outboxCalls(fx);

const messagesOfCase = (caseId: string) =>
  fx.handle.db.select().from(messages).where(eq(messages.caseId, caseId)).orderBy(asc(messages.createdAt));

/** The send jobs pg-boss holds for a message (its queue's table), with when each may start. */
async function jobsOf(messageId: string) {
  const result = (await fx.handle.db.execute(
    sql`select id, start_after from ${sql.raw(JOB_SCHEMA)}.job where name = 'message.send' and data->>'messageId' = ${messageId}`,
  )) as unknown as { rows: Array<{ id: string; start_after: Date | string }> };
  return result.rows.map((r) => ({ id: r.id, startAfter: new Date(r.start_after) }));
}

async function setLanguage(language: 'en' | 'zh-CN') {
  const [c] = await fx.handle.db.select({ borrowerId: cases.borrowerId }).from(cases).where(eq(cases.id, fx.caseId));
  await fx.handle.db
    .update(borrowers)
    .set({ preferredLanguage: language })
    .where(eq(borrowers.id, c?.borrowerId as string));
}

describe('the outbox: one message per event, written with the change', () => {
  beforeEach(async () => {
    await fx.freshCase();
    await setLanguage('zh-CN');
  });

  it('a notice writes one message and logs the contact attempt; a replay of the request writes nothing more', async () => {
    const now = at('10:00');
    const k = key('notice');
    const first = await notice(now, { idempotencyKey: k });
    const again = await notice(now, { idempotencyKey: k });
    expect(again).toEqual(first);
    const list = await messagesOfCase(fx.caseId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      kind: 'appointment_notice',
      status: 'queued',
      eventKey: `notice:${first.contactAttemptId}`,
      locale: 'zh-CN',
      templateVersion: 0,
      channel: 'sms',
    });
    expect(list[0]?.text).toContain('门前消费金融有限公司');
    expect(await jobsOf(first.messageId)).toHaveLength(1);
    const file = await as('dispatcher', now).appointments.caseFile({ caseId: fx.caseId });
    expect(file.notices).toHaveLength(1);
    expect(file.notices[0]).toMatchObject({ stage: 'appointment_notice', channel: 'sms' });
  });

  it('an agreed slot writes one "visit agreed" message with date, window, address, crew and complaint channel', async () => {
    const now = at('10:00');
    await notice(now);
    const k = key('agree');
    const booked = await agree(now, 1, '14:00', '16:00', k);
    await agree(now, 1, '14:00', '16:00', k);
    const agreed = (await messagesOfCase(fx.caseId)).filter((m) => m.kind === 'slot_agreed');
    expect(agreed).toHaveLength(1);
    const m = agreed[0];
    expect(m).toMatchObject({
      eventKey: `appointment:${booked.appointmentId}`,
      appointmentId: booked.appointmentId,
      visitId: booked.visitId,
      status: 'queued',
      statusReason: null,
    });
    const file = await as('dispatcher', now).appointments.caseFile({ caseId: fx.caseId });
    const address = file.addresses.find((a) => a.id === fx.addressId)?.text as string;
    expect(m?.text).toContain(`${addDays(TODAY, 1)} 14:00–16:00`);
    expect(m?.text).toContain(address);
    // No crew yet: the borrower is told the crew will show their badges.
    expect(m?.text).toContain('上门人员将出示工作证');
    const [team] = await fx.handle.db
      .select({ phone: teams.complaintPhone })
      .from(teams)
      .where(eq(teams.id, fx.teamId));
    expect(m?.text).toContain(team?.phone as string);
    expect(await jobsOf(m?.id as string)).toHaveLength(1);
  });

  it('the same slot in English for a borrower who prefers English', async () => {
    await setLanguage('en');
    const now = at('10:00');
    await notice(now);
    await agree(now, 1, '14:00', '16:00');
    const [m] = (await messagesOfCase(fx.caseId)).filter((x) => x.kind === 'slot_agreed');
    expect(m?.locale).toBe('en');
    expect(m?.text).toContain('your visit is booked for');
    expect(m?.text).toContain('The crew will show their badges.');
    const file = await as('dispatcher', now).appointments.caseFile({ caseId: fx.caseId });
    const address = file.addresses.find((a) => a.id === fx.addressId)?.text as string;
    // Only the address (as the lender's file has it) may be in Chinese.
    expect(m?.text.replace(address, '')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('a reschedule tells the old and the new time (visit moved); a cancellation tells the borrower once', async () => {
    const now = at('10:00');
    await notice(now);
    const first = await agree(now, 1, '14:00', '16:00');
    const moved = await as('dispatcher', now).appointments.agree({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      via: 'phone',
      ...slotOn(2, '10:00', '12:00'),
      replacesAppointmentId: first.appointmentId,
      idempotencyKey: key('move'),
    });
    const cancelKey = key('cancel');
    const cancel = { appointmentId: moved.appointmentId, reason: 'borrower asked', idempotencyKey: cancelKey };
    await as('dispatcher', now).appointments.cancel(cancel);
    await as('dispatcher', now).appointments.cancel(cancel);
    const list = await messagesOfCase(fx.caseId);
    expect(list.map((m) => m.kind)).toEqual(['appointment_notice', 'slot_agreed', 'visit_moved', 'visit_cancelled']);
    const movedMsg = list[2];
    expect(movedMsg?.eventKey).toBe(`appointment:${moved.appointmentId}`);
    expect(movedMsg?.text).toContain(`${addDays(TODAY, 1)} 14:00–16:00`);
    expect(movedMsg?.text).toContain(`${addDays(TODAY, 2)} 10:00–12:00`);
    expect(list[3]?.eventKey).toBe(`appointment:${moved.appointmentId}:cancelled`);
    expect(list[3]?.text).toContain(`${addDays(TODAY, 2)} 10:00–12:00`);
  });

  it('a slot the borrower picks through the link writes one "visit agreed" message, also when the pick is repeated', async () => {
    const now = at('10:00');
    await notice(now);
    const { path } = await as('dispatcher', now).appointments.createLink({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      idempotencyKey: key('link'),
    });
    const token = path.replace('/s/', '');
    // The borrower picks at the test's clock: on the wall clock before 10:00 in Shanghai the notice is still ahead.
    const borrower = fx.anonymous(undefined, undefined, now);
    const [pick] = (await borrower.slots.offer({ token })).slots;
    if (!pick) throw new Error('the link offers no slot');
    await borrower.slots.confirm({ token, slotStart: pick.start });
    await borrower.slots.confirm({ token, slotStart: pick.start });
    const agreed = (await messagesOfCase(fx.caseId)).filter((m) => m.kind === 'slot_agreed');
    expect(agreed).toHaveLength(1);
    expect(agreed[0]?.createdBy).toBeNull();
    expect(agreed[0]?.eventKey).toBe(`appointment:${agreed[0]?.appointmentId}`);
  });

  it('a payment that settles the case cancels its visit and tells the borrower (visit cancelled)', async () => {
    const now = at('10:00');
    await notice(now);
    const booked = await agree(now, 1, '14:00', '16:00');
    const [c] = await fx.handle.db
      .select({ cents: cases.overdueAmountCents })
      .from(cases)
      .where(eq(cases.id, fx.caseId));
    await as('manager', now).payments.record({
      caseId: fx.caseId,
      amountCents: c?.cents as number,
      paidOn: TODAY,
      channel: 'bank',
      reference: key('pay'),
    });
    const cancelled = (await messagesOfCase(fx.caseId)).filter((m) => m.kind === 'visit_cancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ eventKey: `appointment:${booked.appointmentId}:cancelled`, status: 'queued' });
  });

  it('a slot link writes a "choose a time" message with the absolute link', async () => {
    const now = at('10:00');
    await notice(now);
    const link = await as('dispatcher', now).appointments.createLink({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      idempotencyKey: key('link'),
    });
    const [m] = (await messagesOfCase(fx.caseId)).filter((x) => x.kind === 'slot_link');
    expect(m).toMatchObject({ eventKey: `slot_link:${link.id}`, status: 'queued' });
    expect(m?.text).toContain(`http://doorstep.test${link.path}`);
  });
});

describe('the rules: allowed hours, opt-out, contact cap, the amount', () => {
  beforeEach(async () => {
    await fx.freshCase();
    await setLanguage('zh-CN');
  });

  it('a message due at 22:30 in a China team is held until 08:00 the next morning, its job too', async () => {
    const late = at('22:30');
    const sent = await notice(late);
    expect(sent.status).toBe('held');
    const [m] = await messagesOfCase(fx.caseId);
    const opening = at('08:00', 1);
    expect(m?.status).toBe('held');
    expect(m?.notBefore.toISOString()).toBe(opening.toISOString());
    const jobs = await jobsOf(sent.messageId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.startAfter.toISOString()).toBe(opening.toISOString());
    // Before the opening (06:00) it waits until 08:00 the same day.
    await fx.freshCase();
    const early = await notice(at('06:00', 1));
    expect(early.status).toBe('held');
    expect((await jobsOf(early.messageId))[0]?.startAfter.toISOString()).toBe(opening.toISOString());
  });

  it('an opted-out borrower gets nothing: the notice is refused, an agreed slot is written unsent without a job', async () => {
    const now = at('10:00');
    // The visit needs a notice: logged by phone before the borrower opts out of SMS.
    await as('dispatcher', now).appointments.logNotice({
      caseId: fx.caseId,
      stage: 'appointment_notice',
      channel: 'phone',
      result: 'Told on the phone',
      idempotencyKey: key('n'),
    });
    const k = key('opt');
    const opted = await as('dispatcher', now).messages.optOut({
      caseId: fx.caseId,
      channel: 'sms',
      reason: 'asked on the phone',
      idempotencyKey: k,
    });
    expect(opted.created).toBe(true);
    const refused = await failure(notice(now));
    expect(refused.code).toBe('CONFLICT');
    expect(appCode(refused)).toBe('OPTED_OUT');
    const refusedZh = await failure(notice(now, { locale: 'zh-CN' }));
    expect(refusedZh.message).not.toBe(refused.message);
    expect(refusedZh.message).toContain('借款人已退订');

    const booked = await agree(now, 1, '14:00', '16:00');
    const [m] = (await messagesOfCase(fx.caseId)).filter((x) => x.kind === 'slot_agreed');
    expect(m).toMatchObject({ status: 'unsent', statusReason: 'OPTED_OUT', appointmentId: booked.appointmentId });
    expect(await jobsOf(m?.id as string)).toHaveLength(0);

    const read = await as('manager', now).outbox.caseMessages({ caseId: fx.caseId });
    expect(read.messages.map((x) => x.id)).toContain(m?.id);
    // A manager sees the number masked, as on the case file; the dispatcher (who may copy the text) in clear.
    expect(read.messages[0]?.toPhone).not.toBe(m?.toPhone);
    expect(read.messages[0]?.toPhone).toContain('*');
    const forDispatcher = await as('dispatcher', now).outbox.caseMessages({ caseId: fx.caseId });
    expect(forDispatcher.messages[0]?.toPhone).toBe(m?.toPhone);
    expect(read.optOut).toMatchObject({ channel: 'sms', recordedByName: fx.users.dispatcher.displayName });

    await as('dispatcher', now).messages.liftOptOut({ caseId: fx.caseId, channel: 'sms', idempotencyKey: key('l') });
    expect((await notice(now)).status).toBe('queued');
    const none = await failure(
      as('dispatcher', now, 'zh-CN').messages.liftOptOut({
        caseId: fx.caseId,
        channel: 'sms',
        idempotencyKey: key('l'),
      }),
    );
    expect(appCode(none)).toBe('OPT_OUT_NOT_FOUND');
    expect(none.message).toContain('借款人未退订');
  });

  it('the contact cap: a fourth capped message of a day is refused or unsent; an agreed slot still goes and counts', async () => {
    const now = at('10:00');
    for (let i = 0; i < 3; i++) expect((await notice(now)).status).toBe('queued');
    const fourth = await failure(notice(now));
    expect(appCode(fourth)).toBe('CONTACT_CAP');
    expect(fourth.message).toContain('3');
    // A link is still created (the dispatcher reads it out), its message is written unsent.
    await as('dispatcher', now).appointments.createLink({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      idempotencyKey: key('link'),
    });
    const link = (await messagesOfCase(fx.caseId)).find((m) => m.kind === 'slot_link');
    expect(link).toMatchObject({ status: 'unsent', statusReason: 'CONTACT_CAP' });
    expect(await jobsOf(link?.id as string)).toHaveLength(0);
    await agree(now, 1, '14:00', '16:00');
    const agreed = (await messagesOfCase(fx.caseId)).find((m) => m.kind === 'slot_agreed');
    expect(agreed?.status).toBe('queued');
    // The next day starts afresh.
    expect((await notice(at('10:00', 1))).status).toBe('queued');
  });

  it('the amount owed is never in a message unless the team policy allows it', async () => {
    const now = at('10:00');
    const [c] = await fx.handle.db
      .select({ cents: cases.overdueAmountCents })
      .from(cases)
      .where(eq(cases.id, fx.caseId));
    const yuan = Math.trunc((c?.cents as number) / 100).toLocaleString('en-US');
    await notice(now);
    const [hidden] = await messagesOfCase(fx.caseId);
    expect(hidden?.text).not.toContain('¥');
    expect(hidden?.text).not.toContain(yuan);
    await fx.handle.db
      .update(policySettings)
      .set({ messagesShowAmount: true })
      .where(eq(policySettings.teamId, fx.teamId));
    try {
      await fx.freshCase();
      await notice(now);
      const [shown] = await messagesOfCase(fx.caseId);
      const [c2] = await fx.handle.db
        .select({ cents: cases.overdueAmountCents })
        .from(cases)
        .where(eq(cases.id, fx.caseId));
      expect(shown?.text).toContain(`¥${Math.trunc((c2?.cents as number) / 100).toLocaleString('en-US')}.`);
    } finally {
      await fx.handle.db
        .update(policySettings)
        .set({ messagesShowAmount: false })
        .where(eq(policySettings.teamId, fx.teamId));
    }
  });
});

describe('en route and races', () => {
  it('going en route writes one "on our way" message with the badge numbers and the verification page, replays too', async () => {
    const [stop] = await assignedStops(fx.handle, fx.users);
    if (!stop) throw new Error('no assigned stop for the demo agent today');
    const inSlot = new Date(new Date(stop.slotStart).getTime() + 10 * 60_000);
    const agent = createCaller(makeContext(fx.handle, fx.users.agent, { now: inSlot }));
    const input = { visitId: stop.id, version: stop.version, clientId: key('enroute') };
    await agent.field.enRoute(input);
    await agent.field.enRoute(input);
    // An offline phone sends it again under a new client id: the visit is already en route.
    await agent.field.enRoute({ ...input, clientId: key('enroute') });
    const list = await fx.handle.db
      .select()
      .from(messages)
      .where(and(eq(messages.visitId, stop.id), eq(messages.kind, 'en_route')));
    expect(list).toHaveLength(1);
    expect(list[0]?.eventKey).toBe(`visit:${stop.id}:en_route`);
    const [v] = await fx.handle.db
      .select({ agentId: visits.agentId, secondAgentId: visits.secondAgentId })
      .from(visits)
      .where(eq(visits.id, stop.id));
    const badges = await fx.handle.db
      .select({ id: agents.id, badgeNo: agents.badgeNo })
      .from(agents)
      .where(sql`${agents.id} in (${v?.agentId ?? null}, ${v?.secondAgentId ?? v?.agentId ?? null})`);
    expect(badges.length).toBeGreaterThan(0);
    for (const b of badges) expect(list[0]?.text).toContain(b.badgeNo);
    expect(list[0]?.text).toContain('http://doorstep.test/verify');
  });

  it('two dispatchers agreeing at once for one borrower: one appointment and one message, the other refused', async () => {
    await fx.freshCase();
    const now = at('10:00');
    await notice(now);
    // One visit already: the policy's frequency cap (2 a week) leaves room for one more, not two.
    await agree(now, 1, '10:00', '12:00');
    const before = await fx.appointmentCount();
    const other = createCaller(makeContext(fx.handle, fx.users.admin, { now }));
    const results = await Promise.allSettled([
      agree(now, 2, '14:00', '16:00'),
      other.appointments.agree({
        caseId: fx.caseId,
        addressId: fx.addressId,
        visitType: 'negotiation',
        via: 'phone',
        ...slotOn(2, '14:00', '16:00'),
        idempotencyKey: key('agree-2'),
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(appCode(lost.reason)).toBe('SLOT_VIOLATIONS');
    expect(await fx.appointmentCount()).toBe(before + 1);
    const agreed = (await messagesOfCase(fx.caseId)).filter((m) => m.kind === 'slot_agreed');
    expect(agreed).toHaveLength(2);
  });
});
