/**
 * The first worksheet of an Excel workbook as text cells, exactly as a person reads them in Excel: a formula stays its
 * formula text (never its cached result, never evaluated here), numbers keep every digit without an exponent, dates
 * are YYYY-MM-DD.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors';

type Cell = ExcelJS.Cell;
type CellValue = ExcelJS.CellValue;

const pad = (n: number) => String(n).padStart(2, '0');

/** exceljs reads a date cell as the UTC instant of its calendar day (the workbook has no zone). */
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/**
 * A number as written: JavaScript already prints integers below 1e21 in full; only fractions that tiny or numbers
 * that large fall back to an exponent, which no column of a case file holds.
 */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

function richText(value: { richText: { text: string }[] }): string {
  return value.richText.map((r) => r.text).join('');
}

/** The text of a value that is not a formula (a hyperlink's or a merged cell's value has these shapes too). */
function valueText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return day(value);
  if ('richText' in value) return richText(value);
  if ('hyperlink' in value) {
    const text = value.text as unknown;
    return typeof text === 'string' ? text : text && typeof text === 'object' ? valueText(text as CellValue) : '';
  }
  if ('error' in value) return String(value.error);
  return '';
}

/** A cell as text: a formula cell as "=" and its formula, so that it is imported as the text the lender typed. */
export function cellText(cell: Cell): string {
  const target = cell.type === ExcelJS.ValueType.Merge ? cell.master : cell;
  if (target.type === ExcelJS.ValueType.Formula) return `=${target.formula ?? ''}`;
  return valueText(target.value);
}

/** Whether the bytes are a ZIP archive (every .xlsx is one). */
export const isZip = (bytes: Buffer) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The first worksheet's non-empty rows as trimmed text cells, the first of them the header. */
export async function readXlsxRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as its own Buffer flavour; Node's Buffer is what it reads.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('IMPORT_FILE_NOT_XLSX');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_FILE_NOT_XLSX');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)).trim());
    if (cells.some((c) => c !== '')) rows.push(cells);
  });
  return rows;
}
