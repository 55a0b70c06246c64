import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseSheet } from '../../../../server/modules/intake/intake.parse';
import { rejectedRowsCsv } from '../../../../server/modules/intake/intake.rejected-csv';

const header = ['loan_ref', 'address', 'overdue_amount'];
const rows = [
  { row: 2, cells: ['L-2', '上海市黄浦区\n南京东路1号, "3楼"', '12.50'], problems: 'overdue_amount: 金额格式错误' },
  { row: 7, cells: ['L-7', '=HYPERLINK("http://x","y")', '-5'], problems: 'overdue_amount: must be positive' },
  { row: 9, cells: ['@SUM(A1)', '+86', '\t1', '\rx'], problems: 'more cells than the header' },
];

describe('the rejected rows as CSV', () => {
  it('starts with a BOM and reads back as the rows, with the row number first and the problems last', async () => {
    const text = rejectedRowsCsv(header, rows.slice(0, 1));
    expect(text.startsWith('\uFEFFrow,loan_ref,address,overdue_amount,problems\r\n')).toBe(true);
    const sheet = await parseSheet({ bytes: Buffer.from(text), fileName: 'rejected.csv', contentType: 'text/csv' });
    expect(sheet.header).toEqual(['row', ...header, 'problems']);
    expect(sheet.rows).toEqual([
      ['2', 'L-2', '上海市黄浦区\n南京东路1号, "3楼"', '12.50', 'overdue_amount: 金额格式错误'],
    ]);
  });

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    const parsed = Papa.parse<string[]>(rejectedRowsCsv(header, rows).replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    // The third row has a cell more than the header: an unnamed column is added for it.
    expect(parsed.data[0]).toEqual(['row', ...header, '', 'problems']);
    expect(parsed.data.slice(1)).toEqual([
      ['2', 'L-2', '上海市黄浦区\n南京东路1号, "3楼"', '12.50', '', 'overdue_amount: 金额格式错误'],
      ['7', 'L-7', `'=HYPERLINK("http://x","y")`, "'-5", '', 'overdue_amount: must be positive'],
      ['9', "'@SUM(A1)", "'+86", "'\t1", "'\rx", 'more cells than the header'],
    ]);
    expect(rejectedRowsCsv(['=cmd'], [])).toBe(`\uFEFFrow,"'=cmd",problems\r\n`);
  });
});
