/**
 * The rejected rows of an import as a CSV the lender fixes and sends again: their cells as read, the row number in
 * front and the problems behind. The file is opened in Excel or WPS, so nothing in it may run as a formula.
 */
import Papa from 'papaparse';

/** One rejected row: its data row number in the file, its cells and its problems in the user's language. */
export interface RejectedRow {
  row: number;
  cells: string[];
  problems: string;
}

/**
 * Cells a spreadsheet would take for a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`, tab and carriage return.
 * They get a leading `'`, which Excel shows as text and a person can see and remove.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** UTF-8 with a BOM (so Excel does not read it as GBK), RFC 4180 quoting, CRLF line ends. */
export function rejectedRowsCsv(header: string[], rows: RejectedRow[]): string {
  // A row with more cells than the header keeps them (unnamed columns), and `problems` stays the last column of all.
  const width = rows.reduce((w, r) => Math.max(w, r.cells.length), header.length);
  const pad = (cells: string[]) => (cells.length < width ? [...cells, ...Array(width - cells.length).fill('')] : cells);
  const csv = Papa.unparse(
    {
      fields: ['row', ...pad(header), 'problems'],
      data: rows.map((r) => [r.row, ...pad(r.cells), r.problems]),
    },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  );
  // papaparse ends a header without rows with a line break, and rows without one.
  return `\uFEFF${csv}${csv.endsWith('\r\n') ? '' : '\r\n'}`;
}
