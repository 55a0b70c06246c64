/**
 * The manager's and dispatcher's forms refuse, before sending, exactly what the server's schema refuses and in the
 * server's words (issue #13 item 5): each form's input is checked with its procedure's own schema, read here
 * from the real router.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createAgentForm, updateAgentForm } from '../../../client/src/features/admin/agent-inputs';
import { agreeForm, cancelForm, noticeForm, slotLinkForm } from '../../../client/src/features/cases/case-inputs';
import { createCaseForm, type NewCaseValues, yuanToCents } from '../../../client/src/features/cases/new-case-inputs';
import { complaintForm, resolutionForm } from '../../../client/src/features/complaints/complaint-inputs';
import { acknowledgeForm } from '../../../client/src/features/compliance/acknowledge-input';
import { type FormInput, formRefusal } from '../../../client/src/lib/form-input';
import { appRouter } from '../../../server/trpc/root';
import { proceduresOf } from '../../helpers/input-schemas';

const ID = '8b9f0a52-5d0e-4c4b-9a51-3f1f0c1d2e3f';
const KEY = '1c7e7a0e-2b9c-4d3f-8e61-6a2b0c9d8e7f';

const procedures = proceduresOf(appRouter);
const schemaOf = (path: string) => procedures.find((p) => p.path === path)?.input as z.ZodType;

/** Typed text a person may enter, against a field of `min`..`max` characters: whether the server takes it. */
function typedText(min: number, max: number): Record<string, [string, boolean]> {
  return {
    empty: ['', min === 0],
    'only spaces': ['   ', min === 0],
    'one too short': ['x'.repeat(Math.max(min - 1, 0)), min === 0],
    'just long enough': ['x'.repeat(Math.max(min, 1)), true],
    'at the limit': ['x'.repeat(max), true],
    'one too long': ['x'.repeat(max + 1), false],
    'a NUL character': [`a\u0000${'x'.repeat(min)}`, false],
    'several lines': [`line one\nline two${'x'.repeat(min)}`, true],
  };
}

/** For each row: the form refuses it exactly when the procedure's schema does, and as the table says. */
function holdsToServer<S extends z.ZodType, V>(
  form: FormInput<S, V>,
  path: string,
  rows: Record<string, [V, boolean]>,
) {
  describe(`${path}`, () => {
    it('checks with the procedure’s own schema', () => {
      expect(form.schema).toBe(schemaOf(path));
    });
    for (const [name, [values, accepted]] of Object.entries(rows)) {
      it(`${name}: ${accepted ? 'sent' : 'refused on the form'}, as the server would`, () => {
        expect(schemaOf(path).safeParse(form.build(values)).success).toBe(accepted);
        expect(formRefusal(form, values, 'en') === null).toBe(accepted);
      });
    }
  });
}

const rowsOf = <V>(texts: Record<string, [string, boolean]>, values: (text: string) => V) =>
  Object.fromEntries(Object.entries(texts).map(([name, [text, ok]]) => [name, [values(text), ok]])) as Record<
    string,
    [V, boolean]
  >;

describe('case forms', () => {
  holdsToServer(
    noticeForm,
    'appointments.logNotice',
    rowsOf(typedText(1, 500), (result) => ({
      caseId: ID,
      stage: 'appointment_notice' as const,
      channel: 'phone' as const,
      result,
      idempotencyKey: KEY,
    })),
  );
  holdsToServer(
    cancelForm,
    'appointments.cancel',
    rowsOf(typedText(1, 500), (reason) => ({ appointmentId: ID, reason, idempotencyKey: KEY })),
  );
  const agree = (notes: string) => ({
    caseId: ID,
    addressId: ID,
    visitType: 'negotiation' as const,
    slotStart: '2026-03-03T01:00:00.000Z',
    slotEnd: '2026-03-03T03:00:00.000Z',
    via: 'phone' as const,
    notes,
    idempotencyKey: KEY,
  });
  holdsToServer(agreeForm, 'appointments.agree', rowsOf(typedText(0, 500), agree));
  holdsToServer(slotLinkForm, 'appointments.createLink', {
    'an address of the case': [{ caseId: ID, addressId: ID, visitType: 'negotiation', idempotencyKey: KEY }, true],
    'a reschedule': [
      { caseId: ID, addressId: ID, visitType: 'negotiation', replacesAppointmentId: ID, idempotencyKey: KEY },
      true,
    ],
  });
});

describe('complaint forms', () => {
  holdsToServer(complaintForm, 'complaints.create', {
    ...rowsOf(typedText(5, 4000), (text) => ({ key: KEY, visitId: ID, channel: 'phone' as string | null, text })),
    'the channel cleared (the phone, as the form starts)': [
      { key: KEY, visitId: ID, channel: null, text: 'arrived late' },
      true,
    ],
  });
  holdsToServer(
    resolutionForm,
    'complaints.resolve',
    rowsOf(typedText(5, 4000), (resolution) => ({ id: ID, resolution })),
  );
});

describe('compliance form', () => {
  holdsToServer(
    acknowledgeForm,
    'compliance.acknowledge',
    rowsOf(typedText(3, 1000), (comment) => ({ rule: 'outside_slot' as const, visitId: ID, comment })),
  );
});

describe('new case form', () => {
  const values = (over: Partial<NewCaseValues> = {}): NewCaseValues => ({
    key: KEY,
    teamId: ID,
    loanRef: 'xfd-2026-0001',
    product: '消费贷',
    overdueYuan: 12345.5,
    daysPastDue: 45,
    borrowerName: '王伟',
    idNumber: '11010519491231002x',
    phone: '13812345678',
    preferredLanguage: 'zh-CN',
    address: '漕溪北路88号',
    city: '上海市',
    district: '徐汇区',
    lat: 31.19,
    lng: 121.43,
    ...over,
  });
  holdsToServer(createCaseForm, 'cases.create', {
    'a complete case': [values(), true],
    'no team chosen': [values({ teamId: null }), false],
    'an ID number with a wrong check digit': [values({ idNumber: '110105194912310021' }), false],
    'an ID number born on 30 February': [values({ idNumber: '110105194902300028' }), false],
    'the amount left empty': [values({ overdueYuan: '' }), false],
    'an amount of 0': [values({ overdueYuan: 0 }), false],
    'days past due left empty': [values({ daysPastDue: '' }), false],
    'the address not placed': [values({ lat: '', lng: '' }), false],
    'a landline': [values({ phone: '021-64381234' }), false],
  });
  it('yuan become fen, rounded to the fen', () => {
    expect(yuanToCents(12345.5)).toBe(1_234_550);
    expect(yuanToCents(0.1 + 0.2)).toBe(30);
    expect(yuanToCents('19.99')).toBe(1999);
    expect(Number.isNaN(yuanToCents(''))).toBe(true);
  });
  it('a mistyped ID number is refused on its field in the server’s words', () => {
    const refusal = formRefusal(createCaseForm, values({ idNumber: '110105194912310021' }), 'zh-CN');
    expect(refusal?.fieldErrors).toEqual({ idNumber: '身份证号码校验位不符，可能有数字输错，请核对' });
  });
});

describe('agent form', () => {
  const agent = (over: Record<string, unknown> = {}) => ({
    key: KEY,
    userId: null,
    fullName: '王伟',
    badgeNo: 'sh-fv-0201',
    credentialNo: 'SHJR2026010001',
    credentialValidFrom: '2026-01-01',
    credentialValidTo: '2026-12-31',
    phone: '13812345678',
    skills: ['negotiation'],
    languages: ['zh'],
    baseId: ID as string | null,
    maxVisitsPerDay: 8 as number | string,
    preferredPartnerId: null,
    active: true,
    ...over,
  });
  holdsToServer(createAgentForm, 'admin.createAgent', {
    'a complete agent': [{ ...agent(), teamId: ID }, true],
    'no base chosen (the server asks for one)': [{ ...agent({ baseId: null }), teamId: ID }, true],
    'a credential ending before it starts': [{ ...agent({ credentialValidTo: '2025-12-31' }), teamId: ID }, false],
    'a landline': [{ ...agent({ phone: '021-64381234' }), teamId: ID }, false],
    'max visits left empty': [{ ...agent({ maxVisitsPerDay: '' }), teamId: ID }, false],
    'an impossible date': [{ ...agent({ credentialValidFrom: '2026-02-30' }), teamId: ID }, false],
  });
  holdsToServer(updateAgentForm, 'admin.updateAgent', {
    'a change': [{ ...agent(), agentId: ID, confirm: false }, true],
    confirmed: [{ ...agent({ active: false }), agentId: ID, confirm: true }, true],
    'a badge number with spaces': [{ ...agent({ badgeNo: 'SH FV' }), agentId: ID, confirm: false }, false],
  });
  it('the reversed credential is refused under its end date, in both languages', () => {
    const values = { ...agent({ credentialValidTo: '2025-12-31' }), teamId: ID };
    expect(formRefusal(createAgentForm, values, 'en')?.fieldErrors).toEqual({
      credentialValidTo: 'must not be before the start date',
    });
    expect(formRefusal(createAgentForm, values, 'zh-CN')?.fieldErrors).toEqual({
      credentialValidTo: '不能早于开始日期',
    });
  });
});

describe('a form says what the server would say, in the user’s language', () => {
  it('a complaint too short, in Chinese and in English, under its field', () => {
    const values = { key: KEY, visitId: ID, channel: 'phone', text: 'late' };
    expect(formRefusal(complaintForm, values, 'zh-CN')).toEqual({
      message: '请检查标出的字段。',
      fieldErrors: { text: '至少需要 5 个字符' },
    });
    expect(formRefusal(complaintForm, values, 'en')).toEqual({
      message: 'Please check the highlighted fields.',
      fieldErrors: { text: 'must be at least 5 characters' },
    });
  });

  it('an acknowledgement comment too long, a cancel reason left empty', () => {
    const comment = 'x'.repeat(1001);
    expect(formRefusal(acknowledgeForm, { rule: 'outside_slot', visitId: ID, comment }, 'zh-CN')?.fieldErrors).toEqual({
      comment: '最多 1000 个字符',
    });
    const cancel = { appointmentId: ID, reason: '  ', idempotencyKey: KEY };
    expect(formRefusal(cancelForm, cancel, 'zh-CN')?.fieldErrors).toEqual({ reason: '不能为空' });
  });
});
