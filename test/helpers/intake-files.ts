/**
 * Files for the case-intake tests: rows of realistic borrowers (valid resident ID numbers, mainland mobiles,
 * Shanghai addresses), written as the lender's system would (CSV in UTF-8 or GBK, any delimiter, or XLSX), and
 * the context an import runs in.
 */
import pino from 'pino';
import type { DbHandle } from '../../server/db/client';
import type { IntakeContext } from '../../server/modules/intake/intake.types';
import { CASE_IMPORT_COLUMNS, type CaseImportColumn } from '../../shared/domain/intake';
import type { Locale } from '../../shared/errors';
import { idCheckDigit } from '../../shared/validation/cn-id';

export type ImportRow = Partial<Record<CaseImportColumn, string>>;

/** A valid resident ID number for person `n`, a different one for each n below 13 million (Xuhui region code). */
export function idNumberFor(n: number): string {
  const k = Math.floor(n / 1000);
  const birth = `${1960 + (Math.floor(k / 336) % 40)}${String(1 + (Math.floor(k / 28) % 12)).padStart(2, '0')}${String(1 + (k % 28)).padStart(2, '0')}`;
  const first17 = `310104${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/** A complete, valid row for a new loan. */
export function goodRow(n: number, over: ImportRow = {}): ImportRow {
  return {
    loan_ref: `IMP-${String(n).padStart(6, '0')}`,
    borrower_name: `借款人${n}`,
    id_number: idNumberFor(n),
    phone: `138${String(10_000_000 + n).slice(-8)}`,
    preferred_language: n % 5 === 0 ? 'en' : 'zh-CN',
    address: `漕溪北路${n}号`,
    city: '上海市',
    district: '徐汇区',
    lat: (31.18 + (n % 100) / 10_000).toFixed(6),
    lng: (121.43 + (n % 100) / 10_000).toFixed(6),
    product: 'cash_loan',
    overdue_amount: `${1000 + n}.50`,
    days_past_due: String(30 + (n % 60)),
    status: 'open',
    ...over,
  };
}

const quote = (cell: string, delimiter: string) =>
  /["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell;

/** The rows as CSV text, header first (the template's columns unless `header` is given). */
export function csvText(
  rows: ImportRow[],
  opts: { delimiter?: string; header?: string[]; extra?: Record<string, string> } = {},
) {
  const d = opts.delimiter ?? ',';
  const extra = Object.keys(opts.extra ?? {});
  const header = [...(opts.header ?? CASE_IMPORT_COLUMNS), ...extra];
  const lines = [header.map((h) => quote(h, d)).join(d)];
  for (const r of rows) {
    const cells = [...CASE_IMPORT_COLUMNS.map((c) => r[c] ?? ''), ...extra.map((e) => opts.extra?.[e] ?? '')];
    lines.push(cells.map((c) => quote(c, d)).join(d));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A file as it arrives. */
export const csvFile = (text: string | Buffer, fileName = 'cases.csv') => ({
  bytes: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
  fileName,
  contentType: 'text/csv',
});

/** The context a command-line or API import runs in. */
export function intakeContext(
  handle: DbHandle,
  opts: { locale?: Locale; now?: Date; userId?: string | null } = {},
): IntakeContext {
  return {
    db: handle.db,
    log: pino({ level: 'silent' }),
    locale: opts.locale ?? 'en',
    now: () => opts.now ?? new Date(),
    actor: { userId: opts.userId ?? null, tokenId: null },
  };
}
