import { and, eq, ne } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { addresses, auditLog, borrowers, cases, teams } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import type { CreateCaseInput } from '../../shared/schemas/cases';
import { idCheckDigit } from '../../shared/validation/cn-id';
import { refusal } from './helpers/calls';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';

const city = setUpDemoCity();
let n = 0;
const key = (label: string) => `cases-${label}-${++n}-${Date.now()}`;
const dispatcher = (locale: 'en' | 'zh-CN' = 'en') =>
  createCaller(makeContext(city.handle, city.users.dispatcher, { locale }));
const admin = () => createCaller(makeContext(city.handle, city.users.admin));

/** A valid ID number born on `birth` (YYYYMMDD) with sequence `seq` (a fresh borrower per test). */
const idNo = (seq: number, birth = '19880512') => {
  const first17 = `310104${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
};

/** A valid case for the demo dispatcher's team; `over` changes fields. */
const newCase = (tag: string, over: Record<string, unknown> = {}): CreateCaseInput => ({
  idempotencyKey: key(tag),
  teamId: city.teamId,
  loanRef: `HAND-${tag}`,
  product: '消费贷',
  overdueAmountCents: 1_234_550,
  daysPastDue: 45,
  borrowerName: `手工借款人 ${tag}`,
  idNumber: idNo(900),
  phone: '13800138000',
  preferredLanguage: 'zh-CN',
  address: '漕溪北路88号3号楼1201室',
  city: '上海市',
  district: '徐汇区',
  lat: 31.19,
  lng: 121.437,
  ...(over as Partial<CreateCaseInput>),
});

let otherTeamId: string;
beforeAll(async () => {
  const [other] = await city.handle.db.select({ id: teams.id }).from(teams).where(ne(teams.id, city.teamId)).limit(1);
  otherTeamId = other?.id as string;
});

describe('a case entered by hand', () => {
  it('creates the case, its borrower and address in the team’s worklist; bucket from the days; audited', async () => {
    const made = await dispatcher().cases.create(newCase('A1', { idNumber: idNo(901) }));
    expect(made.borrowerCreated).toBe(true);
    const [c] = await city.handle.db.select().from(cases).where(eq(cases.id, made.id));
    expect(c).toMatchObject({
      teamId: city.teamId,
      loanRef: 'HAND-A1',
      overdueAmountCents: 1_234_550,
      daysPastDue: 45,
      bucket: 'M2',
      status: 'open',
    });
    const [a] = await city.handle.db.select().from(addresses).where(eq(addresses.id, made.addressId));
    expect(a).toMatchObject({
      text: '上海市徐汇区漕溪北路88号3号楼1201室',
      district: '徐汇区',
      lat: 31.19,
      lng: 121.437,
    });
    const file = await dispatcher().appointments.caseFile({ caseId: made.id });
    expect(JSON.stringify(file)).toContain('HAND-A1');
    const list = await dispatcher().appointments.worklist({ teamId: city.teamId, q: 'HAND-A1' });
    expect(JSON.stringify(list)).toContain('HAND-A1');
    const audit = await city.handle.db.select().from(auditLog).where(eq(auditLog.entityId, made.id));
    expect(audit.map((r) => r.action)).toEqual(['case.create']);
    expect(JSON.stringify(audit[0]?.after)).not.toContain(idNo(901));
  });

  it('a borrower is matched by ID number: reused as recorded (name and phone kept), the new address added', async () => {
    const first = await dispatcher().cases.create(newCase('B1', { idNumber: idNo(902) }));
    const second = await dispatcher().cases.create(
      newCase('B2', {
        idNumber: idNo(902),
        borrowerName: '另一个名字',
        phone: '13900139000',
        address: '上海市浦东新区世纪大道100号',
        district: '浦东新区',
      }),
    );
    expect(second.borrowerId).toBe(first.borrowerId);
    expect(second.borrowerCreated).toBe(false);
    const [b] = await city.handle.db.select().from(borrowers).where(eq(borrowers.id, first.borrowerId));
    expect(b).toMatchObject({ fullName: '手工借款人 B1', phone: '13800138000' });
    const own = await city.handle.db.select().from(addresses).where(eq(addresses.borrowerId, first.borrowerId));
    expect(own.map((r) => r.text).sort()).toEqual([
      '上海市徐汇区漕溪北路88号3号楼1201室',
      '上海市浦东新区世纪大道100号',
    ]);
    // The same address again is not a second row.
    const third = await dispatcher().cases.create(newCase('B3', { idNumber: idNo(902) }));
    expect(third.addressId).toBe(first.addressId);
  });

  it('an ID number with a wrong check digit is refused on its field, translated', async () => {
    const good = idNo(903);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const en = await clientAnswer(city.handle, dispatcher('en').cases.create(newCase('C1', { idNumber: bad })), 'en');
    const zh = await clientAnswer(
      city.handle,
      dispatcher('zh-CN').cases.create(newCase('C1', { idNumber: bad })),
      'zh-CN',
    );
    expect(en.code).toBe('BAD_REQUEST');
    expect(en.fieldErrors).toEqual({
      idNumber: 'the last character does not match the rest of the ID number; a digit was probably mistyped',
    });
    expect(zh.fieldErrors).toEqual({ idNumber: '身份证号码校验位不符，可能有数字输错，请核对' });
    const birth = await clientAnswer(
      city.handle,
      dispatcher().cases.create(newCase('C2', { idNumber: idNo(1, '19880230') })),
    );
    expect(Object.values(birth.fieldErrors)[0]).toContain('birth date');
    const shape = await clientAnswer(city.handle, dispatcher().cases.create(newCase('C3', { idNumber: '12345' })));
    expect(shape.fieldErrors.idNumber).toContain('18-character');
    // A lower-case x is the same number.
    const withX = (() => {
      for (let s = 100; s < 200; s++) if (idNo(s).endsWith('X')) return idNo(s);
      throw new Error('no X in range');
    })();
    const ok = await dispatcher().cases.create(newCase('C4', { idNumber: withX.toLowerCase() }));
    const [b] = await city.handle.db.select().from(borrowers).where(eq(borrowers.id, ok.borrowerId));
    expect(b?.idNumber).toBe(withX);
  });

  it('a loan reference already used is LOAN_REF_TAKEN on its field (any letter case), translated', async () => {
    const en = await clientAnswer(
      city.handle,
      dispatcher('en').cases.create(newCase('D1', { loanRef: 'hand-a1' })),
      'en',
    );
    const zh = await clientAnswer(
      city.handle,
      dispatcher('zh-CN').cases.create(newCase('D2', { loanRef: 'HAND-A1' })),
      'zh-CN',
    );
    expect(en.code).toBe('CONFLICT');
    expect(en.fieldErrors).toEqual({ loanRef: 'Loan reference HAND-A1 already belongs to a case.' });
    expect(zh.fieldErrors).toEqual({ loanRef: '借据号 HAND-A1 已有对应的案件。' });
  });

  it('two concurrent creates of one loan reference: exactly one wins, the other is LOAN_REF_TAKEN', async () => {
    const results = await Promise.allSettled([
      dispatcher().cases.create(newCase('RACE', { idNumber: idNo(904) })),
      admin().cases.create(newCase('RACE', { idNumber: idNo(905) })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    const answer = await clientAnswer(city.handle, Promise.reject(lost?.reason));
    expect(answer.code).toBe('CONFLICT');
    expect(answer.fieldErrors).toEqual({ loanRef: 'Loan reference HAND-RACE already belongs to a case.' });
    expect(await city.handle.db.select().from(cases).where(eq(cases.loanRef, 'HAND-RACE'))).toHaveLength(1);
  });

  it('two concurrent creates for one new borrower: both cases, one borrower', async () => {
    const [a, b] = await Promise.all([
      dispatcher().cases.create(newCase('S1', { idNumber: idNo(906) })),
      admin().cases.create(newCase('S2', { idNumber: idNo(906) })),
    ]);
    expect(a.borrowerId).toBe(b.borrowerId);
    expect(
      await city.handle.db
        .select()
        .from(borrowers)
        .where(eq(borrowers.idNumber, idNo(906))),
    ).toHaveLength(1);
  });

  it('a replayed create answers the first result; the same key with another body is refused', async () => {
    const input = newCase('I1', { idNumber: idNo(907) });
    const first = await dispatcher().cases.create(input);
    expect(await dispatcher().cases.create(input)).toEqual(first);
    expect(await city.handle.db.select().from(cases).where(eq(cases.loanRef, 'HAND-I1'))).toHaveLength(1);
    const changed = await refusal(dispatcher().cases.create({ ...input, product: '现金贷' }));
    expect(changed.appCode).toBe('IDEMPOTENCY_KEY_BODY_CHANGED');
  });

  it('hostile input is a 400 naming the field, never a server error', async () => {
    const hostile: Array<[Record<string, unknown>, string]> = [
      [{ borrowerName: 'a\u0000b' }, 'borrowerName'],
      [{ borrowerName: 'x\uD800' }, 'borrowerName'],
      [{ address: 'x'.repeat(100_000) }, 'address'],
      [{ overdueAmountCents: 1e15 }, 'overdueAmountCents'],
      [{ overdueAmountCents: 12.5 }, 'overdueAmountCents'],
      [{ daysPastDue: -1 }, 'daysPastDue'],
      [{ lat: 91 }, 'lat'],
      [{ lng: Number.NaN }, 'lng'],
      [{ phone: '12345' }, 'phone'],
      [{ loanRef: '-<script>' }, 'loanRef'],
      [{ idNumber: `${'1'.repeat(17)}\u0000` }, 'idNumber'],
      [{ preferredLanguage: 'fr' }, 'preferredLanguage'],
      [{ teamId: 'not-a-uuid' }, 'teamId'],
    ];
    for (const [over, field] of hostile) {
      const answer = await clientAnswer(city.handle, dispatcher().cases.create(newCase('H', over)));
      expect(answer.code, field).toBe('BAD_REQUEST');
      expect(Object.keys(answer.fieldErrors), field).toEqual([field]);
    }
    const zh = await clientAnswer(city.handle, dispatcher('zh-CN').cases.create(newCase('H', { phone: '1' })), 'zh-CN');
    expect(zh.fieldErrors.phone).toBe('须为中国大陆手机号码：以 1 开头的 11 位数字');
  });

  it('agents and managers are refused; a dispatcher of another team gets NOT_FOUND and nothing is written', async () => {
    for (const role of ['agent', 'manager'] as const) {
      const caller = createCaller(makeContext(city.handle, city.users[role]));
      expect((await refusal(caller.cases.create(newCase(`X-${role}`)))).code).toBe('FORBIDDEN');
    }
    const foreign = await refusal(dispatcher().cases.create(newCase('X-team', { teamId: otherTeamId })));
    expect(foreign.code).toBe('NOT_FOUND');
    const written = await city.handle.db
      .select()
      .from(cases)
      .where(and(eq(cases.loanRef, 'HAND-X-TEAM'), eq(cases.teamId, otherTeamId)));
    expect(written).toHaveLength(0);
    // The admin may enter a case for any team.
    const made = await admin().cases.create(newCase('X-admin', { teamId: otherTeamId, idNumber: idNo(908) }));
    const [c] = await city.handle.db.select().from(cases).where(eq(cases.id, made.id));
    expect(c?.teamId).toBe(otherTeamId);
  });
});
