/**
 * Rows of a lender's file for the browser import tests (integration and e2e): good rows with valid resident ID
 * numbers and mainland mobiles in Shanghai, and the three classic bad ones.
 */
import { CASE_IMPORT_COLUMNS } from '../../shared/domain/intake';
import { idCheckDigit } from '../../shared/validation/cn-id';

export const IMPORT_HEADER: string[] = [...CASE_IMPORT_COLUMNS];

/** A valid 18-digit ID number, different for each n. */
export function idNumber(n: number): string {
  const birth = `198${n % 10}0${(n % 9) + 1}1${n % 10}`;
  const first17 = `310104${birth}${String(n).padStart(3, '0').slice(-3)}`;
  return first17 + idCheckDigit(first17);
}

/** Good row n (1-based): located when `located`, else without coordinates (it will need a location). */
export function goodRow(n: number, opts: { prefix: string; located: boolean }): string[] {
  const row: Record<(typeof CASE_IMPORT_COLUMNS)[number], string> = {
    loan_ref: `${opts.prefix}-${String(n).padStart(4, '0')}`,
    borrower_name: `测试借款人${n}`,
    id_number: idNumber(n),
    phone: `1381234${String(n).padStart(4, '0')}`,
    preferred_language: n % 4 === 0 ? 'en' : 'zh-CN',
    address: `漕溪北路${100 + n}号`,
    city: '上海市',
    district: '徐汇区',
    lat: opts.located ? (31.18 + n * 0.001).toFixed(6) : '',
    lng: opts.located ? (121.43 + n * 0.001).toFixed(6) : '',
    product: '消费贷',
    overdue_amount: `${1000 + n * 10}.50`,
    days_past_due: String(30 + n),
    status: 'open',
  };
  return CASE_IMPORT_COLUMNS.map((c) => row[c]);
}

/** The three bad rows: a mistyped ID check digit, a phone that is no mobile, a negative amount. */
export function badRows(prefix: string): { rows: string[][]; columns: string[] } {
  const wrongDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  const at = (c: (typeof CASE_IMPORT_COLUMNS)[number]) => CASE_IMPORT_COLUMNS.indexOf(c);
  const a = goodRow(901, { prefix, located: true });
  a[at('id_number')] = wrongDigit(a[at('id_number')] as string);
  const b = goodRow(902, { prefix, located: true });
  b[at('phone')] = '12345';
  const c = goodRow(903, { prefix, located: true });
  c[at('overdue_amount')] = '-5.00';
  return { rows: [a, b, c], columns: ['id_number', 'phone', 'overdue_amount'] };
}

/** A CSV of the rows (RFC 4180 quoting), header first. */
export function toCsv(rows: string[][]): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
