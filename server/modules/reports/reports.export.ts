import ExcelJS from 'exceljs';
import { codeLabel } from '../../../shared/domain/labels';
import type { Locale } from '../../../shared/errors';
import { translate } from '../../../shared/messages/catalogue';
import { EXPORT_HEADERS, EXPORT_VALUES, type ExportColumnKey } from '../../../shared/messages/exports';
import type { ExportInput } from '../../../shared/schemas/oversight';
import { localDate, localTime } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { exportRows, type VisitRow } from './reports.service';

/**
 * How a column is written: text and numbers as they are; `date` (YYYY-MM-DD) and `datetime` (YYYY-MM-DD HH:MM,
 * the team's wall clock) as text in a CSV and as real date cells with a number format in an XLSX; `money` as a
 * number with two decimals.
 */
type CellType = 'text' | 'number' | 'money' | 'date' | 'datetime';
type Column = {
  key: ExportColumnKey;
  type?: CellType;
  value: (r: VisitRow, locale: Locale) => string | number | null;
};

/** The wall-clock date and time of an instant in the team's zone, "2026-03-12 21:00". */
const local = (iso: string | null, zone: string) =>
  iso === null ? null : `${localDate(new Date(iso), zone)} ${localTime(new Date(iso), zone)}`;

// The exported columns (their headers are catalogued in EXPORT_HEADERS): what the table shows, with the
// borrower's phone and ID number always masked, times in the team's zone (named in its own column) and codes in
// the reader's words.
const COLUMNS: Column[] = [
  { key: 'visitDate', type: 'date', value: (r) => r.visitDate },
  { key: 'timeZone', value: (r) => r.timeZone },
  { key: 'slotStart', type: 'datetime', value: (r) => local(r.slotStart, r.timeZone) },
  { key: 'slotEnd', type: 'datetime', value: (r) => local(r.slotEnd, r.timeZone) },
  { key: 'team', value: (r) => r.teamName },
  { key: 'crew', value: (r) => r.crewName },
  { key: 'agent', value: (r) => r.agentName },
  { key: 'loanRef', value: (r) => r.loanRef },
  { key: 'borrower', value: (r) => r.borrowerName },
  { key: 'phone', value: (r) => r.borrowerPhone },
  { key: 'idNumber', value: (r) => r.borrowerIdNumber },
  { key: 'district', value: (r) => r.district },
  { key: 'type', value: (r, l) => codeLabel(l, 'visitType', r.visitType) },
  { key: 'status', value: (r, l) => codeLabel(l, 'status', r.status) },
  { key: 'outcome', value: (r, l) => codeLabel(l, 'outcome', r.outcomeCode) || null },
  {
    key: 'promised',
    type: 'money',
    value: (r) => (r.promisedAmountCents == null ? null : r.promisedAmountCents / 100),
  },
  { key: 'checkIn', type: 'datetime', value: (r) => local(r.checkInAt, r.timeZone) },
  { key: 'distance', type: 'number', value: (r) => r.checkInDistanceM },
  {
    key: 'onTime',
    value: (r, l) => (r.onTime === null ? null : translate(EXPORT_VALUES, r.onTime ? 'YES' : 'NO', l)),
  },
];

const NUMBER_FORMATS: Partial<Record<CellType, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  money: '#,##0.00',
};

/**
 * A spreadsheet date has no zone: the cell holds the team's wall-clock time (as if it were UTC, which is how
 * exceljs writes a Date), so Excel shows 21:00 for a 21:00 slot; the zone is in its own column.
 */
function xlsxValue(type: CellType | undefined, value: string | number | null) {
  if (value === null) return null;
  if (type === 'date') return new Date(`${value}T00:00:00Z`);
  if (type === 'datetime') return new Date(`${String(value).replace(' ', 'T')}:00Z`);
  return value;
}

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (UTF-8 with BOM so spreadsheet programs read Chinese names correctly). */
function toCsv(rows: readonly VisitRow[], locale: Locale): string {
  const header = COLUMNS.map((c) => csvCell(translate(EXPORT_HEADERS, c.key, locale))).join(',');
  const lines = rows.map((r) => COLUMNS.map((c) => csvCell(c.value(r, locale))).join(','));
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`;
}

async function toXlsx(rows: readonly VisitRow[], locale: Locale): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('visits');
  sheet.columns = COLUMNS.map((c) => ({
    header: translate(EXPORT_HEADERS, c.key, locale),
    key: c.key,
    width: c.type === 'datetime' ? 18 : 16,
    style: c.type && NUMBER_FORMATS[c.type] ? { numFmt: NUMBER_FORMATS[c.type] } : {},
  }));
  for (const r of rows) {
    sheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, xlsxValue(c.type, c.value(r, locale))])));
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The drill-down table as filtered, as a CSV or XLSX file (base64 over the wire). */
export async function exportVisits(ctx: AuthedContext, input: ExportInput) {
  const rows: VisitRow[] = [];
  for await (const batch of exportRows(ctx, input)) rows.push(...batch);
  const name = `visits-${input.filter.from}-${input.filter.to}`;
  if (input.format === 'csv') {
    return {
      filename: `${name}.csv`,
      mimeType: 'text/csv;charset=utf-8',
      rows: rows.length,
      base64: Buffer.from(toCsv(rows, ctx.locale), 'utf8').toString('base64'),
    };
  }
  return {
    filename: `${name}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    rows: rows.length,
    base64: (await toXlsx(rows, ctx.locale)).toString('base64'),
  };
}
