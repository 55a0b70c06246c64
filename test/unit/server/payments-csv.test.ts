import { describe, expect, it } from 'vitest';
import { parsePaymentsCsv } from '../../../server/modules/payments/payments.csv';

const HEADER = 'reference,loan_ref,amount,paid_on,channel';

describe('the payments file, read by papaparse', () => {
  it('keeps a quoted multi-line cell whole and the file line numbers of the lines after it', () => {
    const text = `\uFEFF${HEADER}\r\nP-001,"L-1",12.5,2026-11-02,"bank\r\ntransfer"\r\n\r\nP-002,L-2,abc,2026-11-02,cash\r\n`;
    const { rows, errors } = parsePaymentsCsv(text);
    expect(rows).toEqual([
      {
        line: 2,
        reference: 'P-001',
        loanRef: 'L-1',
        amountCents: 1250,
        paidOn: '2026-11-02',
        channel: 'bank\r\ntransfer',
      },
    ]);
    // Line 2 spans two lines and line 4 is blank: the bad amount is on line 5.
    expect(errors).toEqual([{ line: 5, field: 'amount', code: 'PAYMENT_LINE_AMOUNT_INVALID', params: undefined }]);
  });

  it('reads quoted commas, doubled quotes and a semicolon file', () => {
    const comma = parsePaymentsCsv(`${HEADER}\nP-001,L-1,"7.00",2026-11-02,"bank, ""fast"""\n`);
    expect(comma.rows[0]?.channel).toBe('bank, "fast"');
    const semi = parsePaymentsCsv(`${HEADER.replace(/,/g, ';')}\nP-001;L-1;7.00;2026-11-02;cash\n`);
    expect(semi.errors).toEqual([]);
    expect(semi.rows[0]).toMatchObject({ reference: 'P-001', amountCents: 700, channel: 'cash' });
  });

  it('names the missing columns, and an empty file has no rows', () => {
    expect(parsePaymentsCsv('reference,amount\n').errors).toEqual([
      {
        line: 1,
        field: 'header',
        code: 'PAYMENT_LINE_COLUMNS_MISSING',
        params: { columns: 'loan_ref, paid_on, channel' },
      },
    ]);
    expect(parsePaymentsCsv(`${HEADER}\n\n`).errors).toEqual([
      { line: 2, field: 'file', code: 'PAYMENT_LINE_NO_ROWS' },
    ]);
  });
});
