import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { complaints, contactAttempts, idempotencyKeys, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { DEMO_USERS } from '../../shared/demo';
import { assignedStops } from './field-helpers';
import { appCode, failure, fieldErrorsOf } from './helpers/calls';
import { key, setUpCaseFixture } from './helpers/case-fixture';
import { makeContext } from './helpers/db';
import { httpApp, signInOver } from './helpers/http-app';

/**
 * A retried request (same key, same body) gets the first answer; the same key with a different body is a
 * different request that would otherwise be dropped silently: it is refused, naming the key field.
 */
const fx = setUpCaseFixture();

describe('idempotency keys answer a retry, and refuse a reused key with a different body', () => {
  it('logging a notice: the same body replays, a different one is refused in the caller’s language and writes nothing', async () => {
    const k = key('notice');
    const notice = { caseId: fx.caseId, stage: 'first_notice' as const, channel: 'sms' as const, idempotencyKey: k };
    const first = await fx.as('dispatcher').appointments.logNotice({ ...notice, result: 'Sent the first notice' });
    // zod trims the text, so this is the same request as far as the server is concerned.
    expect(await fx.as('dispatcher').appointments.logNotice({ ...notice, result: ' Sent the first notice ' })).toEqual(
      first,
    );
    const changed = await failure(
      fx.as('dispatcher', 'zh-CN').appointments.logNotice({ ...notice, result: 'Borrower promised to call back' }),
    );
    expect(changed.code).toBe('CONFLICT');
    expect(appCode(changed)).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
    expect(changed.message).toContain('请求标识');
    expect(Object.keys(fieldErrorsOf(changed))).toEqual(['idempotencyKey']);
    const logged = await fx.handle.db
      .select({ result: contactAttempts.result })
      .from(contactAttempts)
      .where(eq(contactAttempts.caseId, fx.caseId));
    expect(logged.map((l) => l.result)).toEqual(['Sent the first notice']);
    const [stored] = await fx.handle.db
      .select({ hash: idempotencyKeys.requestHash })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, k));
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a complaint names its key field "key"; a field agent’s status change names "clientId"', async () => {
    const [stop] = await assignedStops(fx.handle, fx.users);
    if (!stop) throw new Error('no assigned stop for the demo agent today');
    const complaint = { key: key('complaint'), visitId: stop.id, channel: 'phone' as const };
    await fx.as('dispatcher').complaints.create({ ...complaint, text: 'The visitor was rude' });
    const other = await failure(fx.as('dispatcher').complaints.create({ ...complaint, text: 'The visitor came late' }));
    expect(appCode(other)).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
    expect(Object.keys(fieldErrorsOf(other))).toEqual(['key']);
    const filed = await fx.handle.db
      .select({ text: complaints.text })
      .from(complaints)
      .where(eq(complaints.visitId, stop.id));
    expect(filed.map((c) => c.text)).toEqual(['The visitor was rude']);

    const at = new Date(new Date(stop.slotStart).getTime() + 5 * 60_000);
    const agent = createCaller(makeContext(fx.handle, fx.users.agent, { now: at }));
    const clientId = key('enroute');
    const first = await agent.field.enRoute({ visitId: stop.id, version: stop.version, clientId });
    expect(await agent.field.enRoute({ visitId: stop.id, version: stop.version, clientId })).toEqual(first);
    const [, otherStop] = await assignedStops(fx.handle, fx.users);
    const reused = await failure(
      agent.field.enRoute({ visitId: otherStop?.id as string, version: otherStop?.version as number, clientId }),
    );
    expect(appCode(reused)).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
    expect(Object.keys(fieldErrorsOf(reused))).toEqual(['clientId']);
    const [untouched] = await fx.handle.db
      .select({ status: visits.status })
      .from(visits)
      .where(eq(visits.id, otherStop?.id as string));
    expect(untouched?.status).toBe('assigned');
  });
});

describe('a batch of mutations over HTTP (tRPC’s batch path, server/trpc/json-answer.ts) holds to the same keys', () => {
  /** POSTs `calls` of appointments.logNotice as one batch; each call's answer (data or error) and the status. */
  async function logNotices(app: FastifyInstance, cookie: string, bodies: Array<Record<string, unknown>>) {
    const res = await app.inject({
      method: 'POST',
      url: `/trpc/${bodies.map(() => 'appointments.logNotice').join(',')}?batch=1`,
      headers: { cookie, 'content-type': 'application/json', 'x-doorstep-locale': 'en' },
      payload: JSON.stringify(Object.fromEntries(bodies.map((b, i) => [String(i), b]))),
    });
    type Answer = {
      result?: { data: unknown };
      error?: {
        message: string;
        data: { code: string; httpStatus: number; appCode: string } & Record<string, unknown>;
      };
    };
    return { status: res.statusCode, answers: res.json() as Answer[] };
  }
  const logged = async () =>
    (
      await fx.handle.db
        .select({ result: contactAttempts.result })
        .from(contactAttempts)
        .where(eq(contactAttempts.caseId, fx.caseId))
    ).map((l) => l.result);

  it('the same key with two bodies in one batch: one is logged, the other refused 409 naming the key; a replay of the first answers its result', async () => {
    await fx.freshCase();
    const app = await httpApp(fx.handle);
    try {
      const { cookie } = await signInOver(app, DEMO_USERS.dispatcher);
      const k = key('batch');
      const notice = { caseId: fx.caseId, stage: 'first_notice', channel: 'sms', idempotencyKey: k };
      const texts = ['Sent the first notice', 'Borrower promised to call back'];
      // Both calls of the batch run at once, each in its own transaction: either may claim the key first.
      const both = await logNotices(
        app,
        cookie,
        texts.map((result) => ({ ...notice, result })),
      );
      expect(both.status).toBe(207);
      const won = both.answers.findIndex((a) => a.result);
      const lost = both.answers.findIndex((a) => a.error);
      expect([won, lost].sort()).toEqual([0, 1]);
      const refused = both.answers[lost]?.error;
      expect(refused?.data).toMatchObject({
        code: 'CONFLICT',
        httpStatus: 409,
        appCode: 'IDEMPOTENCY_KEY_BODY_CHANGED',
        fieldErrors: { idempotencyKey: expect.any(String) },
      });
      expect(refused?.message).toBe(
        'This request key was already used with different details; nothing was changed. Send a new request.',
      );
      expect(await logged()).toEqual([texts[won]]);
      const first = both.answers[won]?.result?.data;

      // Replayed: the same body twice in one batch, then alone, answers the first result and logs nothing more.
      const replayed = await logNotices(app, cookie, [
        { ...notice, result: texts[won] },
        { ...notice, result: ` ${texts[won]} ` },
      ]);
      expect(replayed.status).toBe(200);
      expect(replayed.answers.map((a) => a.result?.data)).toEqual([first, first]);
      const alone = await logNotices(app, cookie, [{ ...notice, result: texts[won] }]);
      expect(alone.answers[0]?.result?.data).toEqual(first);

      // The other body again, alone in its batch: the whole request is refused with the call's 409.
      const again = await logNotices(app, cookie, [{ ...notice, result: texts[lost] }]);
      expect(again.status).toBe(409);
      expect(again.answers[0]?.error?.data.appCode).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
      expect(await logged()).toEqual([texts[won]]);
      const keys = await fx.handle.db
        .select({ key: idempotencyKeys.key })
        .from(idempotencyKeys)
        .where(eq(idempotencyKeys.key, k));
      expect(keys).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('a fresh key sent twice with the same body in one batch logs once and answers both calls with it', async () => {
    await fx.freshCase();
    const app = await httpApp(fx.handle);
    try {
      const { cookie } = await signInOver(app, DEMO_USERS.dispatcher);
      const body = {
        caseId: fx.caseId,
        stage: 'first_notice',
        channel: 'sms',
        result: 'Sent twice by a retrying phone',
        idempotencyKey: key('twice'),
      };
      const twice = await logNotices(app, cookie, [body, body]);
      expect(twice.status).toBe(200);
      const [a, b] = twice.answers.map((x) => x.result?.data);
      expect(a).toBeDefined();
      expect(b).toEqual(a);
      expect(await logged()).toEqual([body.result]);
    } finally {
      await app.close();
    }
  });
});
