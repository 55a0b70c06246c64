import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { complaints, contactAttempts, idempotencyKeys, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { assignedStops } from './field-helpers';
import { appCode, failure, fieldErrorsOf } from './helpers/calls';
import { key, setUpCaseFixture } from './helpers/case-fixture';
import { makeContext } from './helpers/db';

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
