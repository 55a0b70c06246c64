/**
 * Reads a lender's file into text cells (SPEC §8.3): XLSX (its first worksheet) or CSV (UTF-8 or GBK; comma,
 * semicolon or tab). Only what makes the whole file unusable is refused here; whatever is wrong with one row is the
 * row checker's to report, so a row keeps every cell it has, even beyond the header.
 */
import { AppError } from '../../../shared/errors';
import { decodeCsv, readCsvRows } from './intake.read-csv';
import { isZip, readXlsxRows } from './intake.read-xlsx';
import type { IncomingFile, ParsedSheet } from './intake.types';

/** The most data rows one import reads: a bigger file is split by the lender (its rows are checked in one run). */
export const MAX_IMPORT_ROWS = 200_000;
/** The biggest file one import accepts (100,000 rows of 14 columns are about 15 MB). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const isXlsx = (file: IncomingFile) => file.contentType.toLowerCase().startsWith(XLSX_TYPE) || isZip(file.bytes);

/** Drops blank cells after the last one with text: Excel leaves them behind where a cell was only formatted. */
function withoutTrailingBlanks(cells: string[], keep = 0): string[] {
  let end = cells.length;
  while (end > keep && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** The header's names, each present and different from the others (compared as the column guesser compares them). */
function checkHeader(header: string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw new AppError('IMPORT_HEADER_BLANK', { column: i + 1 });
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) throw new AppError('IMPORT_HEADER_DUPLICATE', { name, first, second: i + 1 });
    seen.set(key, i + 1);
  });
}

/** The header and data rows of a file; throws an AppError of the "File and parsing" block when it cannot be used. */
export async function parseSheet(file: IncomingFile): Promise<ParsedSheet> {
  if (file.bytes.length > MAX_IMPORT_BYTES) {
    throw new AppError('IMPORT_FILE_TOO_LARGE', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });
  }
  let records: string[][];
  let csv: Pick<ParsedSheet, 'encoding' | 'delimiter'> | null = null;
  if (isXlsx(file)) records = await readXlsxRows(file.bytes);
  else {
    const { text, encoding } = decodeCsv(file.bytes);
    const read = readCsvRows(text);
    records = read.rows;
    csv = { encoding, delimiter: read.delimiter };
  }
  const [first, ...data] = records;
  const header = withoutTrailingBlanks(first ?? []);
  if (header.length === 0) throw new AppError('IMPORT_FILE_EMPTY');
  checkHeader(header);
  if (data.length > MAX_IMPORT_ROWS)
    throw new AppError('IMPORT_FILE_TOO_MANY_ROWS', { rows: data.length, max: MAX_IMPORT_ROWS });
  // In place: a 100,000-row file is not copied again for the sake of a few trailing blanks.
  for (let i = 0; i < data.length; i++) data[i] = withoutTrailingBlanks(data[i] as string[], header.length);
  return csv ? { header, rows: data, format: 'csv', ...csv } : { header, rows: data, format: 'xlsx' };
}
