import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { borrowers, cases, verificationChecks } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { setUpFieldDay } from './field-helpers';
import { appCode, failure } from './helpers/calls';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';

describe('badge codes and the public verification page', () => {
  const demo = setUpFieldDay();
  let inSlot: Date;
  let code: string;

  beforeAll(async () => {
    inSlot = new Date(new Date(demo.stop.slotStart).getTime() + 15 * 60_000);
  }, 120_000);

  const anonymous = (now: Date, ip = '203.0.113.7') => createCaller(makeContext(demo.handle, null, { now, ip }));

  it("issues a 6-character code for the agent's visit that expires at the slot end, and keeps it while valid", async () => {
    const agent = createCaller(makeContext(demo.handle, demo.users.agent, { now: inSlot }));
    const badge = await agent.field.badge({ visitId: demo.stop.id });
    expect(badge.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(badge.expiresAt).toBe(demo.stop.slotEnd);
    expect(badge.agent.badgeNo).toBeTruthy();
    expect(badge.agent.credentialStatus).toBe('valid');
    expect(badge.lenderName).toBeTruthy();
    const again = await agent.field.badge({ visitId: demo.stop.id });
    expect(again.code).toBe(badge.code);
    code = badge.code;
  });

  it('without sign-in, confirms the visitor and the district for today — and leaks no debt data', async () => {
    const res = await anonymous(inSlot).verify.check({ code: code.toLowerCase() });
    expect(res.result).toBe('valid');
    expect(res.agent?.badgeNo).toBeTruthy();
    expect(res.visit?.district).toBe(demo.stop.district);
    expect(res.complaint?.phone).toMatch(/\d/);
    const [debt] = await demo.handle.db
      .select({
        overdue: cases.overdueAmountCents,
        principal: cases.principalCents,
        loanRef: cases.loanRef,
        idNumber: borrowers.idNumber,
        name: borrowers.fullName,
        phone: borrowers.phone,
      })
      .from(cases)
      .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
      .where(
        eq(
          cases.id,
          (await createCaller(makeContext(demo.handle, demo.users.admin)).visits.get({ id: demo.stop.id })).caseId,
        ),
      );
    const body = JSON.stringify(res);
    for (const secret of [debt?.idNumber, debt?.name, debt?.phone, debt?.loanRef, demo.stop.addressText]) {
      expect(body).not.toContain(String(secret));
    }
    for (const cents of [debt?.overdue, debt?.principal]) {
      expect(body).not.toContain(String(cents));
      expect(body).not.toContain(((cents ?? 0) / 100).toFixed(2));
    }
    expect(body).not.toMatch(/amount|overdue|idNumber|loan/i);
  });

  it('answers expired after the slot and unknown for a made-up code; every check is logged', async () => {
    const after = new Date(new Date(demo.stop.slotEnd).getTime() + 60_000);
    expect((await anonymous(after).verify.check({ code })).result).toBe('expired');
    const unknown = await anonymous(inSlot).verify.check({ code: 'ZZZZ22' });
    expect(unknown).toMatchObject({ result: 'unknown', agent: null, visit: null });
    const logged = await demo.handle.db
      .select({ result: verificationChecks.result, ip: verificationChecks.ip })
      .from(verificationChecks);
    expect(logged.map((l) => l.result).sort()).toEqual(['expired', 'unknown', 'valid']);
    expect(logged.every((l) => l.ip === '203.0.113.7')).toBe(true);
  });

  it('rejects malformed codes per field and rate-limits lookups per address', async () => {
    const bad = await clientAnswer(demo.handle, anonymous(inSlot).verify.check({ code: 'O0O0' }));
    expect(bad.code).toBe('BAD_REQUEST');
    // The field and its own message, not only "bad request".
    expect(bad.fieldErrors).toEqual({ code: 'must be the 6-character code shown on the badge' });
    let limited = null;
    for (let i = 0; i < 40 && !limited; i++) {
      limited = await anonymous(inSlot, '198.51.100.9')
        .verify.check({ code: 'ZZZZ33' })
        .then(
          () => null,
          (e: unknown) => e,
        );
    }
    expect(limited).not.toBeNull();
    expect(appCode(limited as never)).toBe('VERIFY_RATE_LIMITED');
  });

  it('another agent’s route is not the demo agent’s: a visit of another crew cannot get a badge', async () => {
    const day = await createCaller(makeContext(demo.handle, demo.users.dispatcher, { now: inSlot })).dispatch.day({
      teamId: demo.teamId,
    });
    const foreign = day.visits.find(
      (v) => v.crewId && v.crewId !== day.visits.find((x) => x.id === demo.stop.id)?.crewId,
    );
    const err = await failure(
      createCaller(makeContext(demo.handle, demo.users.agent, { now: inSlot })).field.badge({
        visitId: foreign?.id as string,
      }),
    );
    expect(appCode(err)).toBe('NOT_YOUR_VISIT');
  });
});
