/**
 * Reads a lender's file into text cells. FOUNDATION STUB (UTF-8 CSV only): the parsing slice replaces it with
 * papaparse (delimiter detection, quoted multi-line cells), iconv-lite (GBK) and exceljs (XLSX).
 */
import Papa from 'papaparse';
import type { IncomingFile, ParsedSheet } from './intake.types';

export async function parseSheet(file: IncomingFile): Promise<ParsedSheet> {
  const text = file.bytes.toString('utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [header = [], ...rows] = parsed.data;
  return { header, rows, format: 'csv', encoding: 'utf-8', delimiter: ',' };
}
