import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, parseSheet } from '../../../../server/modules/intake/intake.parse';
import { idCheckDigit } from '../../../../shared/validation/cn-id';
import { expectRefused, zipOf } from './parse-helpers';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const csv = (bytes: Buffer | string, contentType = 'text/csv') =>
  parseSheet({ bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), fileName: 'cases.csv', contentType });

async function xlsx(fill: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('Cases'), book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A valid ID number that a float holds exactly, so that a lender's system can write it as a number cell. */
function idExactAsNumber(): string {
  for (let seq = 100; seq < 1000; seq++) {
    const id = `31011519900307${seq}`;
    const full = id + idCheckDigit(id);
    if (!full.endsWith('X') && BigInt(Number(full)).toString() === full) return full;
  }
  throw new Error('no such ID in the range');
}

describe('parseSheet: CSV', () => {
  it('reads UTF-8 with a BOM, drops the BOM and trims cells', async () => {
    const sheet = await csv('\uFEFFloan_ref, borrower_name \r\nL-1,  张伟 \r\n');
    expect(sheet).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
    expect(sheet.header).toEqual(['loan_ref', 'borrower_name']);
    expect(sheet.rows).toEqual([['L-1', '张伟']]);
  });

  it('reads GBK (what Excel saves as CSV on a Chinese Windows) as the same text', async () => {
    const text = '贷款编号,姓名,地址\nL-1,王芳,上海市浦东新区世纪大道100号\n';
    const sheet = await csv(iconv.encode(text, 'gbk'));
    expect(sheet.encoding).toBe('gbk');
    expect(sheet.header).toEqual(['贷款编号', '姓名', '地址']);
    expect(sheet.rows).toEqual([['L-1', '王芳', '上海市浦东新区世纪大道100号']]);
  });

  it('detects semicolons and tabs as the delimiter', async () => {
    const semi = await csv('loan_ref;overdue_amount;city\nL-1;1234,50;上海\nL-2;99;上海\n');
    expect(semi.delimiter).toBe(';');
    expect(semi.rows[0]).toEqual(['L-1', '1234,50', '上海']);
    const tab = await csv('loan_ref\tphone\tcity\nL-1\t13912345678\t上海\n');
    expect(tab.delimiter).toBe('\t');
    expect(tab.rows).toEqual([['L-1', '13912345678', '上海']]);
  });

  it('keeps a quoted multi-line address whole and skips fully empty lines', async () => {
    const text =
      'loan_ref,address,city\r\nL-1,"上海市黄浦区\r\n南京东路1号, 3楼",上海\r\n\r\n,,\r\n   \r\nL-2,"He said ""hi""",上海\n';
    const sheet = await csv(text);
    expect(sheet.rows).toEqual([
      ['L-1', '上海市黄浦区\r\n南京东路1号, 3楼', '上海'],
      ['L-2', 'He said "hi"', '上海'],
    ]);
  });

  it('keeps a formula-looking cell as its text', async () => {
    const sheet = await csv('loan_ref,address\nL-1,"=HYPERLINK(""http://x"",""y"")"\nL-2,+86 1391234\n');
    expect(sheet.rows).toEqual([
      ['L-1', '=HYPERLINK("http://x","y")'],
      ['L-2', '+86 1391234'],
    ]);
  });

  it('keeps the cells of a row longer than the header (the row checker reports it), not its trailing blanks', async () => {
    const sheet = await csv('loan_ref,city,,\nL-1,上海,extra,,\nL-2,,,\nL-3\n');
    expect(sheet.header).toEqual(['loan_ref', 'city']);
    expect(sheet.rows).toEqual([['L-1', '上海', 'extra'], ['L-2', ''], ['L-3']]);
  });

  it('reads 100,000 rows of 14 columns', async () => {
    const header =
      'loan_ref,borrower_name,id_number,phone,preferred_language,address,city,district,lat,lng,product,overdue_amount,days_past_due,status';
    const lines = [header];
    for (let i = 0; i < 100_000; i++) {
      lines.push(
        `L-${i},张伟${i},310115199003071234,13912345678,zh-CN,"上海市浦东新区世纪大道${i}号",上海,浦东新区,31.23,121.47,消费贷,1234.50,${i % 365},open`,
      );
    }
    const bytes = Buffer.from(lines.join('\r\n'));
    expect(bytes.length).toBeGreaterThan(10_000_000);
    const sheet = await csv(bytes);
    expect(sheet.rows).toHaveLength(100_000);
    expect(sheet.rows[99_999]?.[5]).toBe('上海市浦东新区世纪大道99999号');
  }, 60_000);
});

describe('parseSheet: XLSX', () => {
  it('reads the first worksheet as text: formulas as their formula, IDs and phones with every digit, dates as days', async () => {
    const exactId = idExactAsNumber();
    const bytes = await xlsx((sheet, book) => {
      sheet.addRow(['loan_ref', 'id_number', 'phone', 'address', 'due', 'note']);
      sheet.addRow(['L-1', '310115199003071234', 13912345678, { formula: 'HYPERLINK("http://x","y")', result: 'y' }]);
      sheet.addRow(['L-2', Number(exactId), '13912345678', { richText: [{ text: '上海市' }, { text: '徐汇区' }] }]);
      sheet.getCell('E2').value = new Date(Date.UTC(2026, 10, 3));
      sheet.getCell('F2').value = { text: 'link', hyperlink: 'http://example.com' };
      book.addWorksheet('Other').addRow(['not', 'read']);
    });
    for (const contentType of [XLSX_TYPE, '']) {
      const sheet = await parseSheet({ bytes, fileName: 'cases.xlsx', contentType });
      expect(sheet.format).toBe('xlsx');
      expect(sheet.header).toEqual(['loan_ref', 'id_number', 'phone', 'address', 'due', 'note']);
      expect(sheet.rows).toEqual([
        ['L-1', '310115199003071234', '13912345678', '=HYPERLINK("http://x","y")', '2026-11-03', 'link'],
        ['L-2', exactId, '13912345678', '上海市徐汇区'],
      ]);
    }
  });

  it('reads a shared formula as its own formula text and a merged cell as the value it shows', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.addRow(['loan_ref', 'address', 'city']);
      sheet.addRow(['L-1', { formula: 'A2&"号"', result: 'L-1号' }, '上海']);
      sheet.addRow(['L-2', { sharedFormula: 'B2', result: 'L-2号' }, '']);
      sheet.mergeCells('C2:C3');
    });
    const sheet = await parseSheet({ bytes, fileName: 'cases.xlsx', contentType: XLSX_TYPE });
    expect(sheet.rows).toEqual([
      ['L-1', '=A2&"号"', '上海'],
      ['L-2', '=A3&"号"', '上海'],
    ]);
  });

  it('skips empty rows and keeps extra cells', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.addRow(['loan_ref', 'city']);
      sheet.addRow([]);
      sheet.addRow(['  ', '']);
      sheet.addRow(['L-1', '上海', 'extra']);
    });
    const sheet = await parseSheet({ bytes, fileName: 'cases.xlsx', contentType: XLSX_TYPE });
    expect(sheet.rows).toEqual([['L-1', '上海', 'extra']]);
  });
});

describe('parseSheet: refusals, each named in both languages', () => {
  it('an empty file or one with no header', async () => {
    await expectRefused(() => csv(''), 'IMPORT_FILE_EMPTY');
    await expectRefused(() => csv('\uFEFF\r\n , ,\r\n'), 'IMPORT_FILE_EMPTY');
    const empty = await xlsx(() => {});
    await expectRefused(() => parseSheet({ bytes: empty, fileName: 'x.xlsx', contentType: '' }), 'IMPORT_FILE_EMPTY');
  });

  it('a header with a blank or a repeated column name', async () => {
    const blank = await expectRefused(() => csv('loan_ref,,city\nL-1,a,b\n'), 'IMPORT_HEADER_BLANK');
    expect(blank.details).toEqual({ column: 2 });
    const twice = await expectRefused(() => csv('loan_ref,City,city\n'), 'IMPORT_HEADER_DUPLICATE');
    expect(twice.details).toEqual({ name: 'city', first: 2, second: 3 });
  });

  it('binary garbage, an old .xls and a ZIP that is not a workbook', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await expectRefused(() => csv(garbage, ''), 'IMPORT_FILE_NOT_SPREADSHEET');
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from('loan_ref')]);
    await expectRefused(() => csv(xls, 'application/vnd.ms-excel'), 'IMPORT_FILE_NOT_SPREADSHEET');
    await expectRefused(() => csv(zipOf('readme.txt', 'hello'), ''), 'IMPORT_FILE_NOT_XLSX');
    await expectRefused(() => csv(Buffer.from('loan_ref\nL-1\n'), XLSX_TYPE), 'IMPORT_FILE_NOT_XLSX');
  });

  it('NUL bytes in a text file', async () => {
    const refused = await expectRefused(() => csv('loan_ref,city\nL-1,上\0海\n'), 'IMPORT_FILE_NUL_BYTES');
    expect(refused.details).toEqual({ offset: 22 });
  });

  it('a quoted cell that is never closed', async () => {
    const text = 'loan_ref,address\nL-1,ok\n\nL-2,"上海市\nL-3,x\n';
    const refused = await expectRefused(() => csv(text), 'IMPORT_FILE_UNCLOSED_QUOTE');
    expect(refused.details).toEqual({ line: 4 });
  });

  it('more rows than one import reads', async () => {
    const refused = await expectRefused(
      () => csv(`loan_ref\n${'L\n'.repeat(MAX_IMPORT_ROWS + 1)}`),
      'IMPORT_FILE_TOO_MANY_ROWS',
    );
    expect(refused.details).toEqual({ rows: MAX_IMPORT_ROWS + 1, max: MAX_IMPORT_ROWS });
    const atLimit = await csv(`loan_ref\n${'L\n'.repeat(MAX_IMPORT_ROWS)}`);
    expect(atLimit.rows).toHaveLength(MAX_IMPORT_ROWS);
  });

  it('a file bigger than the limit', async () => {
    const refused = await expectRefused(() => csv(Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41)), 'IMPORT_FILE_TOO_LARGE');
    expect(refused.details).toEqual({ maxMb: 64 });
  });
});
