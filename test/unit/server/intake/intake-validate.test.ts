import { describe, expect, it } from 'vitest';
import { checkRow, columnIndex } from '../../../../server/modules/intake/intake.validate';
import { CASE_IMPORT_COLUMNS } from '../../../../shared/domain/intake';
import { formatErrorMessage } from '../../../../shared/errors';
import { goodRow } from '../../../helpers/intake-files';

/** Cells a parser could still hand over (from an API client's XLSX, a future reader): refused by column, never thrown. */
describe('intake row check: hostile cells', () => {
  const header = [...CASE_IMPORT_COLUMNS];
  const index = columnIndex(header, Object.fromEntries(header.map((c) => [c, c])));
  const cells = (over: Record<string, string>) => {
    const r = goodRow(1, over);
    return header.map((c) => r[c] ?? '');
  };

  it.each([
    ['borrower_name', 'bad\u0000name', 'TEXT_CONTROL_CHAR'],
    ['borrower_name', 'half \ud83d emoji', 'TEXT_LONE_SURROGATE'],
    ['address', 'x'.repeat(10_000), 'TEXT_TOO_LONG'],
    ['loan_ref', `A${'\ud800'.repeat(5)}`, 'LOAN_REF_FORMAT'],
    ['loan_ref', 'B'.repeat(10_000), 'TEXT_TOO_LONG'],
    ['product', '\u0000', 'TEXT_CONTROL_CHAR'],
  ])('%s %#: %s', (column, value, code) => {
    const checked = checkRow(7, cells({ [column]: value }), index);
    expect(checked.values).toBeNull();
    expect(checked.problems.map((p) => [p.row, p.column, p.code])).toEqual([[7, column, code]]);
    const [p] = checked.problems;
    expect(formatErrorMessage(p?.code as never, 'en', p?.params)).not.toBe(
      formatErrorMessage(p?.code as never, 'zh-CN', p?.params),
    );
  });

  it('a valid row reads into values: fen exactly, upper-cased loan_ref and ID number, language default left blank', () => {
    const checked = checkRow(1, cells({ loan_ref: 'imp-1', overdue_amount: '0.10', preferred_language: '' }), index);
    expect(checked.problems).toEqual([]);
    expect(checked.values).toMatchObject({ loanRef: 'IMP-1', overdueAmountCents: 10, daysPastDue: 31 });
    expect(checked.values?.preferredLanguage).toBeUndefined();
  });
});
