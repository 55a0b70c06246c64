/**
 * Case intake in the browser (issue #15, "Done when" line 2), only through the UI as a dispatcher: an XLSX of the
 * lender's loans (20 good rows, some without coordinates, and 3 bad ones) is uploaded, its columns matched, every
 * row checked (23 rows, 3 rejected), the rejected rows downloaded (exactly those 3, with reasons), the valid rows
 * imported (20 created) with a progress bar, and a slot agreed by phone for an imported case. Only the final checks
 * read the server (tRPC, as the page's session).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS } from '@shared/demo';
import { addDays, localDate } from '@shared/time';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badRows, goodRow, IMPORT_HEADER } from '../helpers/intake-browser-rows';
import {
  type BrowserSession,
  DESKTOP,
  loginAs,
  openBrowser,
  PHONE,
  playBackTiles,
  SHOTS,
  trpcGet,
} from './helpers/browser';
import { startServer, type TestServer } from './helpers/server';

const ZONE = 'Asia/Shanghai';
const TODAY = localDate(new Date(), ZONE);
const dir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-import-'));

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

/** The lender's XLSX: 20 good rows (the first 12 with coordinates, the rest without) and the 3 bad ones last. */
async function lenderFile(prefix: string): Promise<{ path: string; bad: string[][] }> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('逾期客户');
  sheet.addRow(IMPORT_HEADER);
  for (let n = 1; n <= 20; n++) sheet.addRow(goodRow(n, { prefix, located: n <= 12 }));
  const bad = badRows(prefix).rows;
  for (const row of bad) sheet.addRow(row);
  const path = join(dir, `${prefix.toLowerCase()}-loans.xlsx`);
  await book.xlsx.writeFile(path);
  return { path, bad };
}

async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await trpcGet(page, path, input);
  expect(res.status, res.body).toBe(200);
  return JSON.parse(res.body).result.data as T;
}

async function signIn(locale: string, viewport = DESKTOP): Promise<BrowserSession> {
  const session = await openBrowser({ locale, viewport });
  await playBackTiles(session.context);
  await loginAs(session.page, server.baseUrl, DEMO_USERS.dispatcher);
  await session.page.waitForURL('**/dispatch*');
  return session;
}

/** Uploads the file on the import page and waits for the mapping step. */
async function uploadOnPage(page: Page, path: string) {
  await page.goto(`${server.baseUrl}/import`);
  await page.getByTestId('import-drop').waitFor();
  await page.locator('input[type=file]').setInputFiles(path);
  await page.getByTestId('import-mapping').waitFor();
}

/** Checks every row and waits for the counts, scrolled into view. */
async function checkRows(page: Page) {
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-checked').waitFor();
  await page.getByTestId('import-checked').scrollIntoViewIfNeeded();
}

/** Imports the valid rows and waits until the run has ended. */
async function importRows(page: Page) {
  await page.getByTestId('import-start').click();
  await page.getByTestId('run-finished').waitFor({ timeout: 60_000 });
}

const count = (page: Page, key: string) => page.getByTestId(`count-${key}-value`).textContent();

describe('case import in the browser (dispatcher)', () => {
  it('uploads an XLSX, checks it, downloads the rejected rows, imports, and agrees a slot for an imported case', async () => {
    const session = await signIn('en-US');
    const { page } = session;
    try {
      const { path, bad } = await lenderFile('IMP');
      await page.getByTestId('nav-import').click();
      await page.waitForURL('**/import*');
      await uploadOnPage(page, path);
      expect(await page.getByTestId('import-file').textContent()).toContain('23');
      // Every template column was found by its name.
      expect(await page.getByTestId('mapping-select-loan_ref').inputValue()).toBe('loan_ref');
      await page.screenshot({ path: `${SHOTS}/import-mapping.png` });

      await checkRows(page);
      expect(await count(page, 'rows')).toBe('23');
      expect(await count(page, 'rejected')).toBe('3');
      expect(await count(page, 'created')).toBe('20');
      expect(await count(page, 'needsLocation')).toBe('8');
      const problems = page.getByTestId('rejected-row');
      expect(await problems.count()).toBe(3);
      expect(await problems.allTextContents()).toEqual([
        expect.stringContaining('id_number'),
        expect.stringContaining('phone'),
        expect.stringContaining('overdue_amount'),
      ]);
      await page.screenshot({ path: `${SHOTS}/import-checked.png` });

      // The rejected rows, downloaded: exactly those three, each with its reason.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-rejected').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^rejected-imp-loans-\d{4}-\d{2}-\d{2}\.csv$/);
      const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
      const [header, ...rows] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
      expect(header?.[0]).toBe('row');
      expect(header?.at(-1)).toBe('problems');
      expect(rows.map((r) => r[1])).toEqual(bad.map((r) => r[0]));
      expect(rows.map((r) => r[0])).toEqual(['21', '22', '23']);
      for (const r of rows) expect(r.at(-1)?.length).toBeGreaterThan(5);

      await importRows(page);
      expect(await count(page, 'created')).toBe('20');
      expect(await count(page, 'rejected')).toBe('3');
      expect(await count(page, 'needsLocation')).toBe('8');
      await page.getByTestId('open-locations').waitFor();
      await page.getByTestId('recent-imports-row').filter({ hasText: 'imp-loans.xlsx' }).first().waitFor();
      await page.screenshot({ path: `${SHOTS}/import-done.png` });

      // One of the addresses that came without coordinates, pinned from the "needs a location" queue.
      await page.getByTestId('open-locations').click();
      await page.waitForURL('**/locations?*');
      const unlocated = goodRow(13, { prefix: 'IMP', located: false })[IMPORT_HEADER.indexOf('address')] as string;
      await page.getByTestId('locations-pick').filter({ hasText: unlocated }).click();
      await page.getByTestId('locations-selected').waitFor();
      const map = page.locator('.leaflet-container');
      const box = (await map.boundingBox()) as { x: number; y: number; width: number; height: number };
      await page.mouse.click(box.x + box.width / 2 + 20, box.y + box.height / 2 - 20);
      await expect.poll(() => page.locator('[data-testid="map-picked"]').count()).toBe(1);
      await page.getByTestId('locations-save').click();
      await expect
        .poll(async () => (await page.getByTestId('locations-pick').filter({ hasText: unlocated }).count()) === 0)
        .toBe(true);
      const teamId = new URL(page.url()).searchParams.get('team');
      const queue = await query<{ rows: Array<{ text: string }> }>(page, 'locations.queue', { teamId, page: 0 });
      expect(queue.rows.some((r) => r.text.includes(unlocated))).toBe(false);
      expect(queue.rows.filter((r) => /漕溪北路1\d\d号/.test(r.text))).toHaveLength(7);

      // An imported case with its location: its notice, then a slot agreed by phone.
      await page.goto(`${server.baseUrl}/cases?team=${teamId}`);
      await page.getByTestId('case-search').fill('IMP-0001');
      await page.getByTestId('case-row').filter({ hasText: 'IMP-0001' }).click();
      await page.getByTestId('case-file').waitFor();
      await page.getByTestId('log-notice').click();
      await page.getByTestId('notice-result').fill('Called: the borrower will be home on Friday afternoon');
      await page.getByTestId('notice-submit').click();
      await page.getByTestId('notice').first().waitFor();
      await page.getByTestId('agree-slot').click();
      await page.getByTestId('slot-date').fill(addDays(TODAY, 4));
      await page.getByTestId('slot-select').click();
      await page.getByRole('option', { name: /^14:00–16:00 · / }).click();
      await page.getByTestId('slot-submit').click();
      await page.getByTestId('appointment-row').first().waitFor();

      const found = await query<{ rows: Array<{ id: string; loanRef: string }> }>(page, 'appointments.worklist', {
        q: 'IMP-0001',
      });
      const imported = found.rows.find((r) => r.loanRef === 'IMP-0001');
      const file = await query<{ appointments: Array<{ status: string; slotStart: string }> }>(
        page,
        'appointments.caseFile',
        { caseId: imported?.id },
      );
      expect(file.appointments).toHaveLength(1);
      expect(localDate(new Date(file.appointments[0]?.slotStart ?? ''), ZONE)).toBe(addDays(TODAY, 4));
    } finally {
      await session.close();
    }
  });

  it('in Chinese, and on a phone', async () => {
    const zh = await signIn('zh-CN');
    try {
      const { path } = await lenderFile('IMPZ');
      await uploadOnPage(zh.page, path);
      await zh.page.screenshot({ path: `${SHOTS}/import-mapping-zh.png` });
      await checkRows(zh.page);
      expect(await count(zh.page, 'rejected')).toBe('3');
      expect(await zh.page.getByTestId('rejected-row').first().textContent()).toMatch(/[\u4e00-\u9fff]/);
      await zh.page.screenshot({ path: `${SHOTS}/import-checked-zh.png` });
      await importRows(zh.page);
      expect(await count(zh.page, 'created')).toBe('20');
      await zh.page.screenshot({ path: `${SHOTS}/import-done-zh.png` });
    } finally {
      await zh.close();
    }
    const phone = await signIn('en-US', PHONE);
    try {
      const { path } = await lenderFile('IMPP');
      await uploadOnPage(phone.page, path);
      await checkRows(phone.page);
      expect(await count(phone.page, 'rejected')).toBe('3');
      await phone.page.screenshot({ path: `${SHOTS}/import-checked-phone.png` });
    } finally {
      await phone.close();
    }
  });
});
