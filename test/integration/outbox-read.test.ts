import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { appointments, cases, contactOptOuts, messages, teams, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { failure } from './helpers/calls';
import { setUpCaseFixture } from './helpers/case-fixture';
import { clientView } from './helpers/client-error';
import { makeContext } from './helpers/db';

/**
 * The outbox on the screens (SPEC §8.4, issue #16 part 5): a case's messages with their statuses and the
 * borrower's opt-out, a visit's messages on its timeline, failed messages in the follow-up queue — each scoped to
 * the caller's teams. The messages are written as the outbox writes them (rows of `messages`).
 */
describe('outbox reads: case file, visit timeline, follow-up queue', () => {
  const fx = setUpCaseFixture();
  const T0 = new Date('2026-03-02T01:00:00Z');
  const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
  let borrowerId: string;
  let phone: string;
  let otherTeamId: string;
  let visit: { id: string; appointmentId: string; caseId: string; borrowerId: string };
  const ids: Record<string, string> = {};

  /** A dispatcher of another team only: the same person, scoped elsewhere. */
  const foreignDispatcher = (locale: 'en' | 'zh-CN' = 'en') =>
    createCaller(makeContext(fx.handle, { ...fx.users.dispatcher, teamIds: [otherTeamId] }, { locale }));

  async function write(row: Partial<typeof messages.$inferInsert> & { kind: string; status: string }) {
    const [m] = await fx.handle.db
      .insert(messages)
      .values({
        teamId: fx.teamId,
        caseId: fx.caseId,
        borrowerId,
        eventKey: `test:${row.kind}:${Math.random()}`,
        locale: 'zh-CN',
        templateVersion: 0,
        toPhone: phone,
        text: `text of ${row.kind}`,
        notBefore: row.createdAt ?? T0,
        ...row,
      })
      .returning({ id: messages.id });
    return m?.id as string;
  }

  beforeAll(async () => {
    const db = fx.handle.db;
    const [c] = await db.select({ borrowerId: cases.borrowerId }).from(cases).where(eq(cases.id, fx.caseId));
    borrowerId = c?.borrowerId as string;
    const file = await fx.as('dispatcher').appointments.caseFile({ caseId: fx.caseId });
    phone = file.case.phone;
    const all = await db.select({ id: teams.id }).from(teams);
    otherTeamId = all.map((t) => t.id).find((id) => id !== fx.teamId) as string;
    const [v] = await db
      .select({
        id: visits.id,
        appointmentId: visits.appointmentId,
        caseId: appointments.caseId,
        borrowerId: cases.borrowerId,
      })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .innerJoin(cases, eq(cases.id, appointments.caseId))
      .where(eq(visits.teamId, fx.teamId))
      .limit(1);
    visit = v as typeof visit;
    ids.notice = await write({ kind: 'first_notice', status: 'delivered', createdAt: at(0), deliveredAt: at(2) });
    ids.held = await write({ kind: 'slot_link', status: 'held', createdAt: at(10), notBefore: at(600) });
    ids.noGateway = await write({
      kind: 'appointment_notice',
      status: 'queued',
      statusReason: 'NO_GATEWAY',
      createdAt: at(20),
    });
    ids.failed = await write({
      kind: 'slot_agreed',
      status: 'failed',
      statusReason: 'GATEWAY_REFUSED',
      lastError: '422 invalid number',
      attempts: 3,
      createdAt: at(30),
      failedAt: at(40),
    });
    ids.capped = await write({ kind: 'reminder', status: 'unsent', statusReason: 'CONTACT_CAP', createdAt: at(50) });
    // The visit's: the agreed slot (written for its appointment) and the en-route (written for the visit).
    ids.agreed = await write({
      kind: 'slot_agreed',
      status: 'sent',
      caseId: visit.caseId,
      borrowerId: visit.borrowerId,
      appointmentId: visit.appointmentId,
      createdAt: at(5),
      sentAt: at(6),
    });
    ids.enRoute = await write({
      kind: 'en_route',
      status: 'delivered',
      caseId: visit.caseId,
      borrowerId: visit.borrowerId,
      appointmentId: visit.appointmentId,
      visitId: visit.id,
      createdAt: at(60),
      deliveredAt: at(61),
    });
  }, 120_000);

  it('the case file lists every message newest first with its status, reason and text; the number masked for a manager', async () => {
    const read = await fx.as('dispatcher').outbox.caseMessages({ caseId: fx.caseId });
    expect(read.messages.map((m) => [m.kind, m.status, m.statusReason])).toEqual([
      ['reminder', 'unsent', 'CONTACT_CAP'],
      ['slot_agreed', 'failed', 'GATEWAY_REFUSED'],
      ['appointment_notice', 'queued', 'NO_GATEWAY'],
      ['slot_link', 'held', null],
      ['first_notice', 'delivered', null],
    ]);
    const held = read.messages.find((m) => m.id === ids.held);
    expect(held?.notBefore).toBe(at(600).toISOString());
    expect(read.messages.find((m) => m.id === ids.failed)).toMatchObject({ attempts: 3, text: 'text of slot_agreed' });
    expect(read.messages[0]?.toPhone).toBe(phone);
    expect(read.optOut).toBeNull();
    const managed = await fx.as('manager').outbox.caseMessages({ caseId: fx.caseId });
    expect(managed.messages).toHaveLength(5);
    expect(managed.messages[0]?.toPhone).not.toBe(phone);
    expect(managed.messages[0]?.toPhone).toMatch(/^\d{3}\*+\d{4}$/);
  });

  it('an opt-out in force shows with who recorded it and when; a lifted one does not', async () => {
    const db = fx.handle.db;
    const [o] = await db
      .insert(contactOptOuts)
      .values({
        borrowerId,
        channel: 'sms',
        reason: 'asked on the phone',
        recordedBy: fx.users.dispatcher.id,
        recordedAt: at(70),
      })
      .returning({ id: contactOptOuts.id });
    const read = await fx.as('dispatcher').outbox.caseMessages({ caseId: fx.caseId });
    expect(read.optOut).toMatchObject({
      channel: 'sms',
      reason: 'asked on the phone',
      recordedAt: at(70).toISOString(),
      recordedByName: fx.users.dispatcher.displayName,
    });
    await db
      .update(contactOptOuts)
      .set({ liftedAt: at(80) })
      .where(eq(contactOptOuts.id, o?.id as string));
    expect((await fx.as('dispatcher').outbox.caseMessages({ caseId: fx.caseId })).optOut).toBeNull();
  });

  it("another team's dispatcher is refused the case's and the visit's messages (NOT_FOUND, translated)", async () => {
    const err = await failure(foreignDispatcher().outbox.caseMessages({ caseId: fx.caseId }));
    expect(err.code).toBe('NOT_FOUND');
    const en = clientView(fx.handle, err, 'en').message;
    const zh = clientView(
      fx.handle,
      await failure(foreignDispatcher('zh-CN').outbox.caseMessages({ caseId: fx.caseId })),
      'zh-CN',
    ).message;
    expect(zh).not.toBe(en);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect((await failure(foreignDispatcher().outbox.visitMessages({ visitId: visit.id }))).code).toBe('NOT_FOUND');
    expect(await foreignDispatcher().outbox.failed({})).toEqual([]);
  });

  it('the follow-up queue lists the failed message as a row opening its case; other teams do not see it', async () => {
    const queue = (await fx.as('dispatcher').payments.followUps({ teamId: fx.teamId })).rows;
    const row = queue.find((f) => f.id === ids.failed);
    expect(row).toMatchObject({
      kind: 'message_failed',
      messageKind: 'slot_agreed',
      reason: 'GATEWAY_REFUSED',
      caseId: fx.caseId,
      teamId: fx.teamId,
      failedAt: at(40).toISOString(),
    });
    expect(queue.filter((f) => f.kind === 'message_failed').map((f) => f.id)).toEqual([ids.failed]);
    const failed = await fx.as('manager').outbox.failed({});
    expect(failed.map((m) => [m.id, m.kind, m.statusReason])).toEqual([[ids.failed, 'slot_agreed', 'GATEWAY_REFUSED']]);
    const foreign = (await foreignDispatcher().payments.followUps({})).rows;
    expect(foreign.find((f) => f.id === ids.failed)).toBeUndefined();
  });

  it('the follow-up queue comes a page at a time: failed messages first, then proposals; pages join up to the list', async () => {
    const dispatcher = fx.as('dispatcher');
    const whole = await dispatcher.payments.followUps({ teamId: fx.teamId, limit: 200 });
    expect(whole.total).toBe(whole.rows.length);
    expect(whole.total).toBeGreaterThan(3);
    expect(whole.rows[0]?.kind).toBe('message_failed');
    expect(whole.nextCursor).toBeNull();
    // Pages of two, across the boundary between the failed message and the proposals.
    const paged: string[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const page = await dispatcher.payments.followUps({ teamId: fx.teamId, limit: 2, cursor });
      expect(page.total).toBe(whole.total);
      expect(page.rows.length).toBeLessThanOrEqual(2);
      paged.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(whole.rows.map((r) => r.id));
    const past = await dispatcher.payments.followUps({ teamId: fx.teamId, cursor: whole.total + 5 });
    expect(past).toEqual({ total: whole.total, nextCursor: null, rows: [] });
    const refused = clientView(
      fx.handle,
      await failure(dispatcher.payments.followUps({ teamId: fx.teamId, limit: 5000 })),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(Object.keys(refused.fieldErrors)).toEqual(['limit']);
  });

  it("the visit's timeline shows its messages (the agreed slot, the en-route) with their status", async () => {
    const timeline = await fx.as('dispatcher').reports.timeline({ visitId: visit.id });
    const shown = timeline.events.filter((e) => e.kind === 'message');
    expect(shown.map((e) => [e.details.messageKind, e.details.status])).toEqual([
      ['slot_agreed', 'sent'],
      ['en_route', 'delivered'],
    ]);
    expect(shown[1]?.details.deliveredAt).toBe(at(61).toISOString());
    const direct = await fx.as('manager').outbox.visitMessages({ visitId: visit.id });
    expect(direct.map((m) => m.id)).toEqual([ids.agreed, ids.enRoute]);
  });
});
