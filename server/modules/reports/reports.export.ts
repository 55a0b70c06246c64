import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { codeLabel } from '../../../shared/domain/labels';
import type { Locale } from '../../../shared/errors';
import { translate } from '../../../shared/messages/catalogue';
import { EXPORT_HEADERS, EXPORT_VALUES, type ExportColumnKey } from '../../../shared/messages/exports';
import type { ExportInput } from '../../../shared/schemas/oversight';
import { localDate, localTime } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { openExport, type VisitRow } from './reports.service';

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

/** One CSV line (CRLF-terminated) of cells. */
const csvLine = (cells: Array<string | number | null>) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * The CSV, a batch of rows at a time (UTF-8 with a BOM so spreadsheet programs read Chinese names correctly):
 * pulled by the response stream, so the next batch is read from the database only once the last was sent.
 */
async function* csvChunks(batches: AsyncIterable<VisitRow[]>, locale: Locale): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(COLUMNS.map((c) => translate(EXPORT_HEADERS, c.key, locale)))}`;
  for await (const rows of batches) {
    yield rows.map((r) => csvLine(COLUMNS.map((c) => c.value(r, locale)))).join('');
  }
}

/**
 * The XLSX written by exceljs's streaming writer into `out`: each batch's rows are committed (written to the
 * zip stream) before the next batch is read, and the reading waits while `out` is full.
 */
async function writeXlsx(batches: AsyncIterable<VisitRow[]>, locale: Locale, out: PassThrough) {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = book.addWorksheet('visits');
  sheet.columns = COLUMNS.map((c) => ({
    header: translate(EXPORT_HEADERS, c.key, locale),
    key: c.key,
    width: c.type === 'datetime' ? 18 : 16,
    style: c.type && NUMBER_FORMATS[c.type] ? { numFmt: NUMBER_FORMATS[c.type] } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for await (const rows of batches) {
    for (const r of rows) {
      sheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, xlsxValue(c.type, c.value(r, locale))]))).commit();
    }
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await book.commit();
}

const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * The drill-down table as filtered, as a CSV or XLSX file to stream: its name, type and body. Rows come from
 * the database a batch at a time (exportRows) and the borrower's phone and ID number are masked for every role;
 * the export is audited before the first row is read (openExport).
 */
export async function exportFile(ctx: AuthedContext, input: ExportInput) {
  const batches = await openExport(ctx, input);
  const filename = `visits-${input.filter.from}-${input.filter.to}.${input.format}`;
  if (input.format === 'csv') {
    return { filename, mimeType: MIME.csv, body: Readable.from(csvChunks(batches, ctx.locale)) };
  }
  const body = new PassThrough();
  writeXlsx(batches, ctx.locale, body).catch((err: Error) => body.destroy(err));
  return { filename, mimeType: MIME.xlsx, body };
}
