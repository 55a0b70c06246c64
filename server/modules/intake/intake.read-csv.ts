/**
 * A CSV file as text cells: its encoding (UTF-8 with or without BOM, else GBK — what Excel saves "CSV" as on a
 * Chinese Windows), its delimiter (comma, semicolon or tab) and RFC 4180 quoting, by papaparse.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';

/** The delimiters a lender's CSV may use: Excel writes `;` where the decimal mark is a comma, and tab for "text". */
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** Binary formats people upload by mistake, by their first bytes: an old .xls (OLE2), PDF, gzip, PNG, JPEG. */
const BINARY_SIGNATURES = [
  [0xd0, 0xcf, 0x11, 0xe0],
  [0x25, 0x50, 0x44, 0x46],
  [0x1f, 0x8b],
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
];

/** Control bytes no text file has (tab, line feed, form feed, carriage return and escape are left out). */
const isControl = (b: number) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b;

/**
 * Refuses what is not text: a known binary format, a start full of control bytes (binary garbage), and a text file
 * with NUL bytes in it (a UTF-16 export or a damaged file) — papaparse would read those as cells of garbage.
 */
function assertText(bytes: Buffer): void {
  if (BINARY_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b))) {
    throw new AppError('IMPORT_FILE_NOT_SPREADSHEET');
  }
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) if (isControl(b)) control++;
  if (control > sample.length * 0.1) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET');
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new AppError('IMPORT_FILE_NUL_BYTES', { offset: nul + 1 });
}

/** Replacement characters that GBK decoding leaves for byte sequences that are not GBK either. */
function replacementShare(text: string): number {
  let bad = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  return n === 0 ? 0 : bad / n;
}

/** The bytes as text: UTF-8 when they are valid UTF-8 (BOM dropped), else GB18030 (a superset of GBK). */
export function decodeCsv(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gbk' } {
  assertText(bytes);
  if (isUtf8(bytes)) return { text: bytes.toString('utf8').replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  const text = iconv.decode(bytes, 'gb18030');
  if (replacementShare(text) > 0.01) throw new AppError('IMPORT_FILE_NOT_SPREADSHEET');
  return { text, encoding: 'gbk' };
}

/**
 * Records of the text as trimmed cells; records whose cells are all blank are dropped. The delimiter is papaparse's
 * guess from the first rows (the one giving them the same number of cells), comma when nothing fits.
 */
export function readCsvRows(text: string): { rows: string[][]; delimiter: CsvDelimiter } {
  const parsed = Papa.parse<string[]>(text, {
    delimitersToGuess: [...CSV_DELIMITERS],
    skipEmptyLines: 'greedy',
    transform: (value) => value.trim(),
  });
  const unclosed = parsed.errors.find((e) => e.code === 'MissingQuotes');
  if (unclosed) {
    // The file's line, which is what a text editor shows: papaparse's record count skips what it could not read.
    const upTo = text.slice(0, unclosed.index ?? 0);
    throw new AppError('IMPORT_FILE_UNCLOSED_QUOTE', { line: upTo.split('\n').length });
  }
  const guessed = parsed.meta.delimiter as CsvDelimiter;
  return { rows: parsed.data, delimiter: CSV_DELIMITERS.includes(guessed) ? guessed : ',' };
}
