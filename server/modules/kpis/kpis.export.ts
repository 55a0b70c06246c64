import ExcelJS from 'exceljs';
import type { ExportInput } from '../../../shared/schemas/oversight';
import type { AuthedContext } from '../../trpc/context';
import { filteredVisits, type VisitRow } from './kpis.service';

type Column = { key: string; en: string; zh: string; value: (r: VisitRow) => string | number | null };

// The exported columns: what the table shows, with the borrower's phone and ID number always masked.
const COLUMNS: Column[] = [
  { key: 'visitDate', en: 'Date', zh: '日期', value: (r) => r.visitDate },
  { key: 'slotStart', en: 'Slot start', zh: '时段开始', value: (r) => r.slotStart },
  { key: 'slotEnd', en: 'Slot end', zh: '时段结束', value: (r) => r.slotEnd },
  { key: 'team', en: 'Team', zh: '小组', value: (r) => r.teamName },
  { key: 'crew', en: 'Crew', zh: '外访组', value: (r) => r.crewName },
  { key: 'agent', en: 'Agent', zh: '外访员', value: (r) => r.agentName },
  { key: 'loanRef', en: 'Loan', zh: '借据号', value: (r) => r.loanRef },
  { key: 'borrower', en: 'Borrower', zh: '借款人', value: (r) => r.borrowerName },
  { key: 'phone', en: 'Phone', zh: '电话', value: (r) => r.borrowerPhone },
  { key: 'idNumber', en: 'ID number', zh: '证件号', value: (r) => r.borrowerIdNumber },
  { key: 'district', en: 'District', zh: '区', value: (r) => r.district },
  { key: 'type', en: 'Visit type', zh: '走访类型', value: (r) => r.visitType },
  { key: 'status', en: 'Status', zh: '状态', value: (r) => r.status },
  { key: 'outcome', en: 'Outcome', zh: '结果', value: (r) => r.outcomeCode },
  {
    key: 'promised',
    en: 'Promised amount',
    zh: '承诺金额',
    value: (r) => (r.promisedAmountCents == null ? null : r.promisedAmountCents / 100),
  },
  { key: 'checkIn', en: 'Check-in', zh: '签到', value: (r) => r.checkInAt },
  { key: 'distance', en: 'Check-in distance (m)', zh: '签到距离（米）', value: (r) => r.checkInDistanceM },
  { key: 'onTime', en: 'On time', zh: '准时', value: (r) => (r.onTime === null ? null : r.onTime ? 'yes' : 'no') },
];

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (UTF-8 with BOM so spreadsheet programs read Chinese names correctly). */
export function toCsv(rows: readonly VisitRow[], locale: string): string {
  const header = COLUMNS.map((c) => csvCell(locale === 'zh-CN' ? c.zh : c.en)).join(',');
  const lines = rows.map((r) => COLUMNS.map((c) => csvCell(c.value(r))).join(','));
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`;
}

async function toXlsx(rows: readonly VisitRow[], locale: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('visits');
  sheet.columns = COLUMNS.map((c) => ({ header: locale === 'zh-CN' ? c.zh : c.en, key: c.key, width: 16 }));
  for (const r of rows) sheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, c.value(r)])));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The drill-down table as filtered, as a CSV or XLSX file (base64 over the wire). */
export async function exportVisits(ctx: AuthedContext, input: ExportInput) {
  const rows = await filteredVisits(ctx, input, 'export');
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
