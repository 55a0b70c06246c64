import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import type { Locale } from '../../shared/errors';
import { createTestDb } from './helpers/db';
import { exportOf } from './helpers/export-file';
import { D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

// v8 of the dataset: D3, slot 21:00–23:00 Shanghai time (13:00–15:00 UTC), checked in at 22:30, a promise.
const FILTER = { filter: { from: D3, to: D3 }, search: 'b9' };

describe('exports: local times in the team’s zone, real date cells, codes in the reader’s words', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  /** The CSV as header → value of its one data row. */
  const csvRow = async (locale: Locale) => {
    const { text } = await exportOf(handle, fx.manager, { ...FILTER, format: 'csv' }, locale);
    const [header, row, ...rest] = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rest).toEqual([]);
    const keys = (header as string).split(',');
    const values = (row as string).split(',');
    return { text, cells: Object.fromEntries(keys.map((k, i) => [k, values[i]])) };
  };

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('writes the CSV’s times as the team’s local time, names the zone, and translates the codes (en)', async () => {
    const { text, cells } = await csvRow('en');
    expect(cells).toMatchObject({
      Date: D3,
      'Time zone': 'Asia/Shanghai',
      'Slot start': `${D3} 21:00`,
      'Slot end': `${D3} 23:00`,
      'Check-in': `${D3} 22:30`,
      'Visit type': 'Negotiation',
      Status: 'Completed',
      Outcome: 'Promise to pay',
      'On time': 'Yes',
    });
    // No UTC instants anywhere: the 21:00 slot is not "…T13:00:00.000Z".
    expect(text).not.toMatch(/T\d\d:\d\d/);
    expect(text).not.toContain('promise_to_pay');
    // The masking of exports stays.
    expect(cells.Phone).toMatch(/^139\*{4}\d{4}$/);
  });

  it('writes the same in Chinese for a Chinese reader', async () => {
    const { cells } = await csvRow('zh-CN');
    expect(cells).toMatchObject({
      日期: D3,
      时区: 'Asia/Shanghai',
      时段开始: `${D3} 21:00`,
      签到: `${D3} 22:30`,
      走访类型: '协商拜访',
      状态: '已完成',
      结果: '承诺还款',
      准时: '是',
    });
  });

  it('writes real date and time cells with a number format in the XLSX, read back with exceljs', async () => {
    const file = await exportOf(handle, fx.manager, { ...FILTER, format: 'xlsx' }, 'en');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.buffer as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name));
    // A spreadsheet has no zones: the cell holds the wall-clock time of the team's zone, named in its column.
    const start = cell('Slot start');
    expect(start.value).toBeInstanceOf(Date);
    expect((start.value as Date).toISOString()).toBe(`${D3}T21:00:00.000Z`);
    expect(start.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect((cell('Check-in').value as Date).toISOString()).toBe(`${D3}T22:30:00.000Z`);
    expect(cell('Date').value).toBeInstanceOf(Date);
    expect(cell('Date').numFmt).toBe('yyyy-mm-dd');
    expect(cell('Time zone').value).toBe('Asia/Shanghai');
    expect(cell('Status').value).toBe('Completed');
    expect(cell('Outcome').value).toBe('Promise to pay');
    expect(cell('Promised amount').value).toBe(100);
    expect(cell('Promised amount').numFmt).toBe('#,##0.00');
    expect(cell('Phone').value).toMatch(/^139\*{4}\d{4}$/);
  });

  it('heads the XLSX columns in the reader’s language', async () => {
    const headerOf = async (locale: Locale) => {
      const file = await exportOf(handle, fx.manager, { ...FILTER, format: 'xlsx' }, locale);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file.buffer as unknown as ArrayBuffer);
      return ((book.worksheets[0] as ExcelJS.Worksheet).getRow(1).values as unknown[]).filter(Boolean).map(String);
    };
    const [en, zh] = [await headerOf('en'), await headerOf('zh-CN')];
    expect(en.slice(0, 6)).toEqual(['Date', 'Time zone', 'Slot start', 'Slot end', 'Team', 'Crew']);
    expect(zh.slice(0, 6)).toEqual(['日期', '时区', '时段开始', '时段结束', '小组', '外访组']);
    expect(zh).toHaveLength(en.length);
  });
});
