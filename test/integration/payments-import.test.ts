import type { TRPCError } from '@trpc/server';
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
});
