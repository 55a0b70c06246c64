/**
 * The outbox's rules as the send job meets them (sendDecision re-judges a message when it is due), the
 * day-before reminders, who may record an opt-out, and hostile input on the messages procedures.
 */
import { and, eq, ne } from 'drizzle-orm';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { borrowers, cases, messages, messageTemplates } from '../../drizzle/schema';
import { jobsFor } from '../../server/modules/jobs/queue';
import { writeReminders } from '../../server/modules/messages/messages.reminders';
import { sendDecision } from '../../server/modules/messages/messages.rules';
import type { createCaller } from '../../server/trpc/root';
import type { Locale } from '../../shared/errors';
import { addDays } from '../../shared/time';
import { appCode, failure } from './helpers/calls';
import { key, setUpCaseFixture } from './helpers/case-fixture';
import { clientAnswer } from './helpers/client-error';
import { testEnv } from './helpers/db';
import { TODAY } from './helpers/demo';
import { outboxCalls } from './helpers/outbox-calls';

const fx = setUpCaseFixture();
const { at, as, agree } = outboxCalls(fx);
const notice = (now: Date) => outboxCalls(fx).notice(now, { stage: 'first_notice', idempotencyKey: key('n') });

describe('sendDecision: a message judged again when its job runs', () => {
  beforeEach(() => fx.freshCase());

  it('sends inside the hours, holds after they close until the next opening, never once the borrower opted out', async () => {
    const sent = await notice(at('10:00'));
    expect(await sendDecision(fx.handle.db, sent.messageId, at('10:05'))).toEqual({ action: 'send' });
    expect(await sendDecision(fx.handle.db, sent.messageId, at('22:30'))).toEqual({
      action: 'hold',
      until: at('08:00', 1),
    });
    expect(await sendDecision(fx.handle.db, sent.messageId, at('07:59'))).toEqual({
      action: 'hold',
      until: at('08:00'),
    });
    await as('dispatcher', at('10:06')).messages.optOut({
      caseId: fx.caseId,
      channel: 'sms',
      idempotencyKey: key('o'),
    });
    expect(await sendDecision(fx.handle.db, sent.messageId, at('10:07'))).toMatchObject({
      action: 'unsent',
      reason: 'OPTED_OUT',
    });
  });

  it('later messages of the day do not push an earlier one over the cap', async () => {
    const first = await notice(at('09:00'));
    await notice(at('09:01'));
    await notice(at('09:02'));
    expect(await sendDecision(fx.handle.db, first.messageId, at('09:03'))).toEqual({ action: 'send' });
  });

  it('an unknown message is MESSAGE_NOT_FOUND', async () => {
    await expect(sendDecision(fx.handle.db, '00000000-0000-4000-8000-000000000000', at('10:00'))).rejects.toMatchObject(
      {
        code: 'MESSAGE_NOT_FOUND',
      },
    );
  });
});

describe('the day-before reminders', () => {
  beforeEach(() => fx.freshCase());

  it('writes one reminder per visit of tomorrow with its slot and address; running again writes none', async () => {
    const now = at('10:00');
    await notice(now);
    const booked = await agree(now, 1, '14:00', '16:00', key('a'));
    const deps = { db: fx.handle.db, env: testEnv, log: pino({ level: 'silent' }), jobs: jobsFor(fx.handle.db) };
    const evening = { ...deps, now: () => at('18:00') };
    const first = await writeReminders(evening, { teamId: fx.teamId });
    expect(first.written).toBeGreaterThanOrEqual(1);
    expect((await writeReminders(evening, { teamId: fx.teamId })).written).toBe(0);
    const reminders = await fx.handle.db
      .select()
      .from(messages)
      .where(and(eq(messages.caseId, fx.caseId), eq(messages.kind, 'reminder')));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      eventKey: `reminder:${booked.visitId}:${addDays(TODAY, 1)}`,
      visitId: booked.visitId,
      createdBy: null,
    });
    expect(reminders[0]?.text).toContain('14:00–16:00');
  });
});

describe('opt-outs: who may record them', () => {
  beforeEach(() => fx.freshCase());

  it("records by borrower too, answers the one in force when asked again, and hides another team's borrower", async () => {
    const now = at('10:00');
    const [c] = await fx.handle.db.select({ borrowerId: cases.borrowerId }).from(cases).where(eq(cases.id, fx.caseId));
    const borrowerId = c?.borrowerId as string;
    const first = await as('manager', now).messages.optOut({ borrowerId, channel: 'sms', idempotencyKey: key('o') });
    const second = await as('dispatcher', now).messages.optOut({
      caseId: fx.caseId,
      channel: 'sms',
      idempotencyKey: key('o'),
    });
    expect(second).toMatchObject({ optOutId: first.optOutId, created: false });

    const [foreign] = await fx.handle.db
      .select({ id: cases.id, borrowerId: cases.borrowerId })
      .from(cases)
      .where(ne(cases.teamId, fx.teamId))
      .limit(1);
    if (!foreign) throw new Error('the demo city has one team only');
    for (const input of [{ caseId: foreign.id }, { borrowerId: foreign.borrowerId }]) {
      const hidden = await failure(
        as('dispatcher', now).messages.optOut({ ...input, channel: 'sms', idempotencyKey: key('o') }),
      );
      expect(hidden.code).toBe('NOT_FOUND');
    }
    const none = await failure(as('dispatcher', now).messages.optOut({ channel: 'sms', idempotencyKey: key('o') }));
    expect(appCode(none)).toBe('BORROWER_OR_CASE_REQUIRED');
    const noneZh = await failure(
      as('dispatcher', now, 'zh-CN').messages.optOut({ channel: 'sms', idempotencyKey: key('o') }),
    );
    expect(noneZh.message).not.toBe(none.message);
  });
});

describe('hostile input on the messages procedures: a 400 naming the field, in the caller’s language', () => {
  const NUL = 'a\u0000b';
  const LONE = 'ab\ud800cd';
  const HUGE = 'x'.repeat(100_000);
  const answer = (call: (c: ReturnType<typeof createCaller>) => Promise<unknown>, locale: Locale = 'en') =>
    clientAnswer(fx.handle, call(as('dispatcher', at('10:00'), locale)), locale);

  it('NUL, lone surrogates, huge strings and wrong ids are refused before anything is written', async () => {
    const cases: Array<[string, (c: ReturnType<typeof createCaller>) => Promise<unknown>]> = [
      [
        'reason',
        (c) => c.messages.optOut({ caseId: fx.caseId, channel: 'sms', reason: NUL, idempotencyKey: key('h') }),
      ],
      [
        'reason',
        (c) => c.messages.optOut({ caseId: fx.caseId, channel: 'sms', reason: LONE, idempotencyKey: key('h') }),
      ],
      [
        'reason',
        (c) => c.messages.optOut({ caseId: fx.caseId, channel: 'sms', reason: HUGE, idempotencyKey: key('h') }),
      ],
      ['idempotencyKey', (c) => c.messages.optOut({ caseId: fx.caseId, channel: 'sms', idempotencyKey: `k-${NUL}-1` })],
      ['channel', (c) => c.messages.optOut({ caseId: fx.caseId, channel: 'fax' as 'sms', idempotencyKey: key('h') })],
      ['caseId', (c) => c.messages.sendNotice({ caseId: HUGE, stage: 'first_notice', idempotencyKey: key('h') })],
      [
        'stage',
        (c) => c.messages.sendNotice({ caseId: fx.caseId, stage: 'x' as 'first_notice', idempotencyKey: key('h') }),
      ],
      [
        'idempotencyKey',
        (c) => c.messages.sendNotice({ caseId: fx.caseId, stage: 'first_notice', idempotencyKey: LONE }),
      ],
      ['borrowerId', (c) => c.messages.liftOptOut({ borrowerId: NUL, channel: 'sms', idempotencyKey: key('h') })],
      ['caseId', (c) => c.outbox.caseMessages({ caseId: `${NUL}` })],
    ];
    for (const [field, call] of cases) {
      const en = await answer(call);
      expect(en.code, field).toBe('BAD_REQUEST');
      expect(Object.keys(en.fieldErrors), field).toContain(field);
      const zh = await answer(call, 'zh-CN');
      expect(zh.fieldErrors[field], field).not.toBe(en.fieldErrors[field]);
    }
    expect(await fx.handle.db.select().from(messages).where(eq(messages.caseId, fx.caseId))).toEqual([]);
  });
});

describe('saved templates', () => {
  beforeEach(() => fx.freshCase());

  it('the newest saved version is used and named on the message; one with an unknown variable falls back to the built-in', async () => {
    const [c] = await fx.handle.db.select({ borrowerId: cases.borrowerId }).from(cases).where(eq(cases.id, fx.caseId));
    await fx.handle.db
      .update(borrowers)
      .set({ preferredLanguage: 'en' })
      .where(eq(borrowers.id, c?.borrowerId as string));
    await fx.handle.db.insert(messageTemplates).values([
      { kind: 'first_notice', locale: 'en', version: 1, body: 'Old text from {lender}. {complaint}' },
      { kind: 'first_notice', locale: 'en', version: 2, body: 'Hello from {lender}. Complaints: {complaint}' },
    ]);
    const first = await notice(at('10:00'));
    const [m] = await fx.handle.db.select().from(messages).where(eq(messages.id, first.messageId));
    expect(m?.templateVersion).toBe(2);
    expect(m?.text).toMatch(/^Hello from Doorstep Consumer Finance Co\., Ltd\.\. Complaints: \S/);

    await fx.handle.db
      .insert(messageTemplates)
      .values({ kind: 'first_notice', locale: 'en', version: 3, body: 'You owe {amount}' });
    const second = await notice(at('10:01'));
    const [fallback] = await fx.handle.db.select().from(messages).where(eq(messages.id, second.messageId));
    expect(fallback?.templateVersion).toBe(0);
    expect(fallback?.text).toContain('your loan is overdue');
    await fx.handle.db.delete(messageTemplates);
  });
});
