import { TRPCError } from '@trpc/server';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, cases, outcomes, payments, users } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { arriveAt, assignedStops, outcomeInput } from './field-helpers';
import { appCode } from './helpers/calls';
import { key, sendSlotLink, setUpCaseFixture } from './helpers/case-fixture';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';

/**
 * Requests that race for the same row (a double-click, two phones, a retry while the first is still running):
 * each gets one clear answer — the same answer, or a domain error in the caller's language — never a server
 * error. These run with real concurrency on PostgreSQL (TEST_DATABASE_URL) and pass on PGlite too.
 */
const fx = setUpCaseFixture();
const ROUNDS = 10;

/** Every answer of a batch of concurrent calls: the value, or the tRPC error with its domain code. */
async function settle<T>(calls: Array<Promise<T>>) {
  const results = await Promise.allSettled(calls);
  return results.map((r) => {
    if (r.status === 'fulfilled') return { ok: true as const, value: r.value };
    const err = r.reason as TRPCError;
    expect(err, String(err)).toBeInstanceOf(TRPCError);
    expect(err.code, `${err.message}\n${(err.cause as Error | undefined)?.stack}`).not.toBe('INTERNAL_SERVER_ERROR');
    return { ok: false as const, code: err.code, appCode: appCode(err), message: err.message };
  });
}

describe('races: one clear answer each', () => {
  it('two corrections of one outcome version at once: one lands, the other hears it changed meanwhile', async () => {
    const [stop] = await assignedStops(fx.handle, fx.users);
    if (!stop) throw new Error('no assigned stop for the demo agent today');
    const now = await arriveAt(fx.handle, fx.users, stop, key('arrive'));
    const agent = (locale: 'en' | 'zh-CN') => createCaller(makeContext(fx.handle, fx.users.agent, { now, locale }));
    let version = (await agent('en').field.recordOutcome(outcomeInput(stop.id, {}))).version;
    for (let round = 0; round < ROUNDS; round++) {
      const correction = (locale: 'en' | 'zh-CN') =>
        agent(locale).field.recordOutcome(
          outcomeInput(stop.id, {
            code: 'dispute',
            correctionReason: `round ${round} ${locale}`,
            correctsVersion: version,
          }),
        );
      const answers = await settle([correction('en'), correction('zh-CN')]);
      const won = answers.filter((a) => a.ok);
      const lost = answers.filter((a) => !a.ok);
      expect(won, JSON.stringify(answers)).toHaveLength(1);
      expect(lost[0]).toMatchObject({ code: 'CONFLICT', appCode: 'OUTCOME_CHANGED' });
      if (answers[1]?.ok === false) expect(answers[1].message).toContain('更正');
      version = won[0]?.ok ? won[0].value.version : version;
      expect(version).toBe(round + 2);
    }
    const stored = await fx.handle.db
      .select({ version: outcomes.version })
      .from(outcomes)
      .where(eq(outcomes.visitId, stop.id));
    expect(stored.map((o) => o.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: ROUNDS + 1 }, (_, i) => i + 1),
    );
  });

  it('corrections at once that name no version: each lands as the next version or hears it changed, never a 500', async () => {
    const [, stop] = await assignedStops(fx.handle, fx.users);
    if (!stop) throw new Error('no second assigned stop for the demo agent today');
    const now = await arriveAt(fx.handle, fx.users, stop, key('arrive'));
    const agent = createCaller(makeContext(fx.handle, fx.users.agent, { now }));
    await agent.field.recordOutcome(outcomeInput(stop.id, {}));
    let landed = 1;
    for (let round = 0; round < ROUNDS; round++) {
      const correction = () =>
        agent.field.recordOutcome(outcomeInput(stop.id, { code: 'dispute', correctionReason: `round ${round}` }));
      const answers = await settle([correction(), correction()]);
      for (const a of answers) if (!a.ok) expect(a).toMatchObject({ code: 'CONFLICT', appCode: 'OUTCOME_CHANGED' });
      landed += answers.filter((a) => a.ok).length;
    }
    const stored = await fx.handle.db
      .select({ version: outcomes.version })
      .from(outcomes)
      .where(eq(outcomes.visitId, stop.id));
    expect(stored.map((o) => o.version).sort((a, b) => a - b)).toEqual(Array.from({ length: landed }, (_, i) => i + 1));
  });

  it('the same payment recorded twice at once: one records it, the other answers duplicate', async () => {
    const manager = createCaller(makeContext(fx.handle, fx.users.manager));
    const [c] = await fx.handle.db
      .select({ id: cases.id })
      .from(cases)
      .where(and(inArray(cases.teamId, fx.users.manager.teamIds), eq(cases.status, 'open')))
      .limit(1);
    if (!c) throw new Error('no open case of the manager');
    for (let round = 0; round < ROUNDS; round++) {
      const input = { caseId: c.id, amountCents: 100, paidOn: TODAY, channel: 'alipay', reference: key('race-pay') };
      const answers = await settle([manager.payments.record(input), manager.payments.record(input)]);
      expect(answers.every((a) => a.ok)).toBe(true);
      const values = answers.flatMap((a) => (a.ok ? [a.value] : []));
      expect(values.map((v) => v.duplicate).sort()).toEqual([false, true]);
      expect(values[0]?.paymentId).toBe(values[1]?.paymentId);
      const rows = await fx.handle.db
        .select({ id: payments.id })
        .from(payments)
        .where(eq(payments.reference, input.reference));
      expect(rows).toHaveLength(1);
    }
  });

  it('five confirms of one slot link with the same pick get the same answer; another pick stays refused', async () => {
    const { path } = await sendSlotLink(fx);
    const token = path.replace('/s/', '');
    const borrower = (ip: string) => fx.anonymous(ip);
    const offer = await borrower('10.1.0.1').slots.offer({ token });
    const [pick, other] = offer.slots;
    if (!pick || !other) throw new Error('fewer than two slots offered');
    const answers = await settle(
      Array.from({ length: 5 }, (_, i) => borrower(`10.1.0.${i + 2}`).slots.confirm({ token, slotStart: pick.start })),
    );
    expect(answers).toEqual(
      Array.from({ length: 5 }, () => ({ ok: true, value: { slotStart: pick.start, slotEnd: pick.end } })),
    );
    const booked = await fx.handle.db
      .select({ id: appointments.id })
      .from(appointments)
      .where(eq(appointments.caseId, fx.caseId));
    expect(booked).toHaveLength(1);
    const [refused] = await settle([borrower('10.1.0.9').slots.confirm({ token, slotStart: other.start })]);
    expect(refused).toMatchObject({ ok: false, code: 'CONFLICT', appCode: 'SLOT_LINK_USED' });
  });

  it('two accounts with one username at once: one is created, the other is told the name is taken', async () => {
    const admin = fx.as('admin');
    for (let round = 0; round < ROUNDS; round++) {
      const username = `race.user.${round}`;
      const create = () =>
        admin.admin.createUser({
          idempotencyKey: key('u'),
          username,
          displayName: 'Race',
          password: 'a-long-password',
          role: 'dispatcher',
          teamIds: [fx.teamId],
        });
      const answers = await settle([create(), create()]);
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      const lost = answers.find((a) => !a.ok);
      expect(lost).toMatchObject({ code: 'CONFLICT', appCode: 'USERNAME_TAKEN' });
      expect(lost?.ok === false && lost.message).toContain(username);
    }
    const created = await fx.handle.db.select({ id: users.id }).from(users).where(eq(users.displayName, 'Race'));
    expect(created).toHaveLength(ROUNDS);
  });
});
