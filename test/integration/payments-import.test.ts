import { TRPCError } from '@trpc/server';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { MAX_PAYMENT_IMPORT_ROWS } from '../../server/modules/payments/payments.csv';
import { createCaller } from '../../server/trpc/root';
import { appCode, failure, fieldErrorsOf } from './helpers/calls';
import { createTestDb, makeContext } from './helpers/db';
import { at, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

/** A payments file of `rows` lines for loans nobody knows. */
const unknownLoans = (rows: number) =>
  [
    'reference,loan_ref,amount,paid_on,channel',
    ...Array.from({ length: rows }, (_, i) => `BULK-${i},NO-SUCH-LOAN-${i},100.00,2026-03-11,bank_transfer`),
  ].join('\n');

/** What the client receives for a refused import: the message and the error's data, as JSON. */
function answerOf(err: TRPCError) {
  const cause = err.cause as { details?: unknown; fieldErrors?: unknown };
  return JSON.stringify({ message: err.message, details: cause.details, fieldErrors: cause.fieldErrors });
}

describe('payments import is bounded: rows, look-ups and the answer', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const manager = () => createCaller(makeContext(handle, fx.manager, { now: at(D3, '08:00'), locale: 'zh-CN' }));

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  const refusal = (csv: string) => failure(manager().payments.importCsv({ csv }));

  it('a 2 MB file is refused for its row count, with a short answer', async () => {
    const csv = unknownLoans(40_000).slice(0, 1_999_000);
    expect(csv.length).toBeGreaterThan(1_900_000);
    const err = await refusal(csv);
    expect(err.code).toBe('BAD_REQUEST');
    expect(appCode(err)).toBe('PAYMENT_IMPORT_TOO_LARGE');
    expect(err.message).toContain(String(MAX_PAYMENT_IMPORT_ROWS));
    expect(answerOf(err).length).toBeLessThan(2_000);
  });

  it('a file at the cap of unknown loans: every line is counted, the first ones are listed, nothing is imported', async () => {
    const err = await refusal(unknownLoans(MAX_PAYMENT_IMPORT_ROWS));
    expect(appCode(err)).toBe('PAYMENT_IMPORT_INVALID');
    const details = (err.cause as unknown as { details: { count: number; errors: Array<{ line: number }> } }).details;
    expect(details.count).toBe(MAX_PAYMENT_IMPORT_ROWS);
    expect(details.errors.map((e) => e.line)).toEqual(Array.from({ length: details.errors.length }, (_, i) => i + 2));
    expect(Object.keys(fieldErrorsOf(err))).toHaveLength(details.errors.length);
    expect(details.errors.length).toBeLessThanOrEqual(50);
    expect(answerOf(err).length).toBeLessThan(16_000);
    const stored = await handle.db.select({ id: payments.id }).from(payments).where(like(payments.reference, 'BULK-%'));
    expect(stored).toEqual([]);
  });

  it('a Chinese caller reads every line problem in Chinese, with its line number and column', async () => {
    const csv = [
      'reference,loan_ref,amount,paid_on,channel',
      'ZH-LINE-1,FX-LOAN-b2,abc,2026-03-11,alipay',
      'ZH-LINE-1,,1.00,2026-02-30,',
      'ZH-LINE-3,NO-SUCH-LOAN,1.00,2026-03-11,alipay',
      'ZH-LINE-4,FX-LOAN-b2,1.00,2026-03-20,alipay',
    ].join('\n');
    const err = await refusal(csv);
    expect(appCode(err)).toBe('PAYMENT_IMPORT_INVALID');
    expect(fieldErrorsOf(err)).toEqual({
      'line 2.amount': '须为大于零的金额，最多两位小数',
      'line 3.reference': '与第 2 行的流水号重复',
      'line 3.loan_ref': '必须填写',
      'line 3.paid_on': '日期不存在：日历中没有这一天',
      'line 3.channel': '必须填写（最多 40 个字符）',
      'line 4.loan_ref': '未知的借据号 NO-SUCH-LOAN',
      'line 5.paid_on': '不能晚于今天',
    });
    // The listed problems the answer carries say the same, by line and column.
    const listed = (
      err.cause as unknown as { details: { errors: Array<{ line: number; field: string; message: string }> } }
    ).details.errors;
    expect(listed.find((e) => e.line === 4)).toMatchObject({ field: 'loan_ref', message: '未知的借据号 NO-SUCH-LOAN' });
    // A file without the columns, and a file without rows, are told in Chinese too.
    expect(fieldErrorsOf(await refusal('reference,amount\nX,1'))).toEqual({
      'line 1.header': '缺少列：loan_ref, paid_on, channel',
    });
    expect(fieldErrorsOf(await refusal('reference,loan_ref,amount,paid_on,channel\n'))).toEqual({
      'line 2.file': '文件中没有付款记录行',
    });
  });

  it("a payment dated the team's today is not 'in the future' when the server's default zone is still on yesterday", async () => {
    // 23:30 UTC on D3 is 07:30 on D3 + 1 in the team's zone (Asia/Shanghai); the deployment's default zone is
    // UTC here, so only the team's zone can tell that D3 + 1 is today for this loan.
    const ctx = makeContext(handle, fx.manager, { now: new Date(`${D3}T23:30:00Z`) });
    const caller = createCaller({ ...ctx, env: { ...ctx.env, TZ_DEFAULT: 'UTC' } });
    const csv = (ref: string, paidOn: string) =>
      ['reference,loan_ref,amount,paid_on,channel', `${ref},FX-LOAN-b2,1.00,${paidOn},alipay`].join('\n');
    expect(await caller.payments.importCsv({ csv: csv('ZONE-TODAY', '2026-03-13') })).toEqual({
      added: 1,
      skipped: 0,
      cancelledVisits: 0,
    });
    const err = await caller.payments
      .importCsv({ csv: csv('ZONE-TOMORROW', '2026-03-14') })
      .then(() => null)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(fieldErrorsOf(err as TRPCError)).toEqual({ 'line 2.paid_on': 'cannot be in the future' });
  });
});
