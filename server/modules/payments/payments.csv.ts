/** Parses a payments file (CSV, header row) into rows, or per-line errors; pure, so it is unit-testable. */

import Papa from 'papaparse';
import { type AppErrorCode, formatErrorMessage, type Locale } from '../../../shared/errors';
import { DATE_PARAMS, DATE_PROBLEM_MESSAGES, MAX_AMOUNT_PARAMS, MAX_CENTS } from '../../../shared/schemas/blocks';
import { calendarDateProblem } from '../../../shared/time';
import { CSV_DELIMITERS } from '../intake/intake.read-csv';

interface PaymentCsvRow {
  line: number;
  reference: string;
  loanRef: string;
  amountCents: number;
  paidOn: string;
  channel: string;
}

/** A problem of one line and column, as a catalogued code: the caller's language is chosen when it is told. */
export interface PaymentCsvError {
  line: number;
  field: string;
  code: AppErrorCode;
  params?: Record<string, unknown>;
}

/** The words of a line problem in a language ("must be a positive amount with at most 2 decimals"). */
export const paymentLineMessage = (e: PaymentCsvError, locale: Locale) => formatErrorMessage(e.code, locale, e.params);

const REFERENCE_LENGTH = { min: 3, max: 100 };
const CHANNEL_MAX = 40;

const PAYMENT_CSV_COLUMNS = ['reference', 'loan_ref', 'amount', 'paid_on', 'channel'] as const;

/** The most payment lines one file may hold: every line is applied in one transaction. */
export const MAX_PAYMENT_IMPORT_ROWS = 5_000;

/** A record of the file and the file line it starts on (a quoted cell may span lines; the header is line 1). */
interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * The file's records with their line numbers, by papaparse (the delimiter and quoting the case import reads too).
 * Blank lines stay in as records of one empty cell, so that the lines after them keep their numbers.
 */
function csvRecords(text: string): CsvRecord[] {
  const { data } = Papa.parse<string[]>(text, { delimitersToGuess: [...CSV_DELIMITERS], skipEmptyLines: false });
  const records: CsvRecord[] = [];
  let line = 1;
  for (const cells of data) {
    records.push({ line, cells: cells.map((c) => c.trim()) });
    line += 1;
    for (const cell of cells) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) line++;
  }
  return records;
}

const isBlank = (r: CsvRecord) => r.cells.every((c) => c === '');

const AMOUNT = /^\d{1,9}(\.\d{1,2})?$/;

/** "12.5" → 1250. */
function toCents(amount: string): number {
  const [yuan, fen = ''] = amount.split('.');
  return Number(yuan) * 100 + Number(fen.padEnd(2, '0'));
}

/**
 * Rows and every problem found, with the file's line numbers (the header is line 1). A file of more than
 * MAX_PAYMENT_IMPORT_ROWS lines is not read further: `tooMany` is its line count.
 */
export function parsePaymentsCsv(text: string): { rows: PaymentCsvRow[]; errors: PaymentCsvError[]; tooMany?: number } {
  const [head, ...records] = csvRecords(text.replace(/^\uFEFF/, ''));
  const errors: PaymentCsvError[] = [];
  const rows: PaymentCsvRow[] = [];
  const count = records.filter((r) => !isBlank(r)).length;
  if (count > MAX_PAYMENT_IMPORT_ROWS) return { rows, errors, tooMany: count };
  const header = (head?.cells ?? []).map((h) => h.toLowerCase());
  const index = Object.fromEntries(PAYMENT_CSV_COLUMNS.map((c) => [c, header.indexOf(c)]));
  const missing = PAYMENT_CSV_COLUMNS.filter((c) => index[c] === -1);
  if (missing.length > 0) {
    const columns = missing.join(', ');
    return { rows, errors: [{ line: 1, field: 'header', code: 'PAYMENT_LINE_COLUMNS_MISSING', params: { columns } }] };
  }
  const seen = new Map<string, number>();
  for (const record of records) {
    const { line, cells } = record;
    if (isBlank(record)) continue;
    const get = (c: (typeof PAYMENT_CSV_COLUMNS)[number]) => cells[index[c] as number] ?? '';
    const err = (field: string, code: AppErrorCode, params?: Record<string, unknown>) =>
      errors.push({ line, field, code, params });
    const reference = get('reference');
    const loanRef = get('loan_ref');
    const amount = get('amount');
    const paidOn = get('paid_on');
    const channel = get('channel');
    const before = errors.length;
    if (reference.length < REFERENCE_LENGTH.min || reference.length > REFERENCE_LENGTH.max) {
      err('reference', 'PAYMENT_LINE_REFERENCE_LENGTH', REFERENCE_LENGTH);
    } else if (seen.has(reference))
      err('reference', 'PAYMENT_LINE_REFERENCE_REPEATED', { firstLine: seen.get(reference) });
    if (!loanRef) err('loan_ref', 'PAYMENT_LINE_REQUIRED');
    const amountCents = AMOUNT.test(amount) ? toCents(amount) : 0;
    if (amountCents <= 0) err('amount', 'PAYMENT_LINE_AMOUNT_INVALID');
    else if (amountCents > MAX_CENTS) err('amount', 'AMOUNT_TOO_LARGE', MAX_AMOUNT_PARAMS);
    const dateProblem = calendarDateProblem(paidOn);
    // Whether the date is in the future depends on the loan's team's zone: the service checks it after the look-up.
    if (dateProblem) err('paid_on', DATE_PROBLEM_MESSAGES[dateProblem], DATE_PARAMS);
    if (!channel || channel.length > CHANNEL_MAX) err('channel', 'PAYMENT_LINE_CHANNEL_INVALID', { max: CHANNEL_MAX });
    seen.set(reference, seen.get(reference) ?? line);
    if (errors.length === before) {
      rows.push({
        line,
        reference,
        loanRef,
        amountCents,
        paidOn,
        channel,
      });
    }
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 2, field: 'file', code: 'PAYMENT_LINE_NO_ROWS' });
  return { rows, errors };
}
