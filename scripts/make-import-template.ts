/**
 * Writes the case import template, docs/import/cases-template.csv and .xlsx, from one list of example rows: the
 * columns of CASE_IMPORT_COLUMNS in their order and three Shanghai loans whose ID numbers carry a real check digit.
 * Run `npx tsx scripts/make-import-template.ts` after a change of the columns; a unit test reads both files back.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { CASE_IMPORT_COLUMNS, type CaseImportColumn } from '../shared/domain/intake';
import { idCheckDigit } from '../shared/validation/cn-id';

/** A resident ID number from its region, birth date and sequence, with the check digit GB 11643 gives it. */
const idNumber = (first17: string) => first17 + idCheckDigit(first17);

export const TEMPLATE_ROWS: Record<CaseImportColumn, string>[] = [
  {
    loan_ref: 'XFD-2026-000101',
    borrower_name: '张伟',
    id_number: idNumber('31011519850312041'),
    phone: '13812345678',
    preferred_language: 'zh-CN',
    address: '世纪大道100号2号楼1503室',
    city: '上海',
    district: '浦东新区',
    lat: '31.2355',
    lng: '121.5060',
    product: '消费贷',
    overdue_amount: '12850.00',
    days_past_due: '45',
    status: 'open',
  },
  {
    loan_ref: 'XFD-2026-000102',
    borrower_name: '李娜',
    id_number: idNumber('31010419920715262'),
    phone: '15921876543',
    preferred_language: 'zh-CN',
    address: '漕溪北路88号5楼502室',
    city: '上海',
    district: '徐汇区',
    lat: '',
    lng: '',
    product: '信用卡分期',
    overdue_amount: '3200.50',
    days_past_due: '92',
    status: 'open',
  },
  {
    loan_ref: 'XFD-2026-000103',
    borrower_name: 'Michael Chen',
    id_number: idNumber('31010619780203183'),
    phone: '13671234567',
    preferred_language: 'en',
    address: '南京西路1266号恒隆广场办公楼1座2108室',
    city: '上海',
    district: '静安区',
    lat: '31.2286',
    lng: '121.4525',
    product: '汽车贷',
    overdue_amount: '56000.00',
    days_past_due: '130',
    status: 'open',
  },
];

const templateUrl = (ext: string) => new URL(`../docs/import/cases-template.${ext}`, import.meta.url);

/** The CSV: UTF-8 with a BOM, so that Excel on a Chinese Windows does not read it as GBK. */
export function templateCsv(): string {
  const data = TEMPLATE_ROWS.map((row) => CASE_IMPORT_COLUMNS.map((c) => row[c]));
  return `\uFEFF${Papa.unparse({ fields: [...CASE_IMPORT_COLUMNS], data }, { newline: '\r\n' })}\r\n`;
}

/** The workbook: every cell is text (ID numbers and phones as numbers would lose digits or leading zeros in Excel). */
export async function templateXlsx(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  // Fixed, so that running the script again does not change the file's properties for nothing.
  book.created = book.modified = new Date(Date.UTC(2026, 0, 1));
  const sheet = book.addWorksheet('cases');
  sheet.columns = CASE_IMPORT_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: c === 'address' ? 40 : 18,
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of TEMPLATE_ROWS) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(templateUrl('csv'), templateCsv());
  writeFileSync(templateUrl('xlsx'), await templateXlsx());
  console.log('wrote docs/import/cases-template.csv and .xlsx');
}
