import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createRun, runImport } from '../../server/modules/intake/intake.service';
import { CASE_IMPORT_COLUMNS } from '../../shared/domain/intake';
import { csvFile, csvText, goodRow, idNumberFor, intakeContext } from '../helpers/intake-files';
import { rows } from './helpers/calls';
import { createTestDb } from './helpers/db';
import { at, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

/**
 * Case intake's rows (SPEC §8.3): every row checked with the hand form's rules, upsert by loan_ref within the team,
 * a re-import that changes nothing, new addresses kept with their history, paid cases retiring their visits, and
 * the run recorded — on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
describe('case intake: rows', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const NOW = at(D3, '08:00');
  const ctx = (locale: 'en' | 'zh-CN' = 'en') => intakeContext(handle, { locale, now: NOW, userId: fx.manager.id });
  const importCsv = (
    text: string | Buffer,
    opts: { dryRun?: boolean; allOrNothing?: boolean; locale?: 'en' | 'zh-CN' } = {},
  ) =>
    runImport(ctx(opts.locale), {
      teamId: fx.team,
      channel: 'cli',
      file: csvFile(text),
      dryRun: opts.dryRun ?? false,
      allOrNothing: opts.allOrNothing ?? false,
    });
  const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(handle, query))[0]?.n);

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('creates the loans of a UTF-8 file with a BOM, keeps a formula as text, reports unknown columns; a re-import changes nothing', async () => {
    const formula = '=HYPERLINK("http://evil.example","点我")';
    const file = `\uFEFF${csvText([goodRow(1), goodRow(2, { address: formula }), goodRow(3, { lat: '', lng: '' })], {
      extra: { 客户经理: '王五' },
    })}`;
    const first = await importCsv(file);
    expect(first).toMatchObject({
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      needsLocation: 1,
      errors: [],
    });
    const [stored] = await rows<{ text: string; lat: number | null; src: string }>(
      handle,
      sql`select a.text, a.lat, a.geocode_source as src from addresses a join cases c on c.borrower_id = a.borrower_id
        where c.loan_ref = 'IMP-000002'`,
    );
    // Stored as the text it was, led by city and district like a typed address; never evaluated.
    expect(stored?.text).toBe(`上海市徐汇区${formula}`);
    const [unlocated] = await rows<{ lat: number | null }>(
      handle,
      sql`select a.lat from addresses a join cases c on c.borrower_id = a.borrower_id where c.loan_ref = 'IMP-000003'`,
    );
    expect(unlocated?.lat).toBeNull();
    const [run] = await rows<{ status: string; ignored: string[]; total: number; processed: number; sha: string }>(
      handle,
      sql`select status, ignored_columns as ignored, total_rows as total, processed_rows as processed, file_sha256 as sha
        from import_runs where id = ${first.runId}`,
    );
    expect(run).toMatchObject({ status: 'done', ignored: ['客户经理'], total: 3, processed: 3 });
    expect(run?.sha).toMatch(/^[0-9a-f]{64}$/);
    const [c] = await rows<{ principal: number; amount: number; bucket: string; status: string }>(
      handle,
      sql`select principal_cents as principal, overdue_amount_cents as amount, bucket, status::text as status
        from cases where loan_ref = 'IMP-000001'`,
    );
    expect(c).toMatchObject({ principal: 100_150, amount: 100_150, bucket: 'M2', status: 'open' });

    const again = await importCsv(file);
    expect(again).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0, needsLocation: 0 });
    expect(
      await count(
        sql`select count(*)::int as n from cases where loan_ref like 'IMP-00000%' and updated_at is not null`,
      ),
    ).toBe(0);
    expect(await count(sql`select count(*)::int as n from import_runs where team_id = ${fx.team}`)).toBe(2);
    // One audit entry per run, not one per row.
    const audits = await rows<{ after: { created: number; unchanged: number; channel: string } }>(
      handle,
      sql`select after from audit_log where action = 'intake.import' and entity_id in (${first.runId}, ${again.runId}) order by id`,
    );
    expect(audits.map((a) => [a.after.created, a.after.unchanged, a.after.channel])).toEqual([
      [3, 0, 'cli'],
      [0, 3, 'cli'],
    ]);
  });

  it('refuses bad rows by column with the hand form codes, in the reader language, and keeps them to download', async () => {
    const hostileLong = 'x'.repeat(10_000);
    const file = csvText([
      goodRow(11, { id_number: `${idNumberFor(11).slice(0, 17)}${idNumberFor(11).endsWith('0') ? '1' : '0'}` }),
      goodRow(12, { phone: '2381234567' }),
      goodRow(13, { overdue_amount: '-5' }),
      goodRow(14, { overdue_amount: '1e9' }),
      goodRow(15, { overdue_amount: '12.345' }),
      goodRow(16, { overdue_amount: 'abc', days_past_due: '3.5' }),
      goodRow(17, { borrower_name: 'bad\u0007name' }),
      goodRow(18, { overdue_amount: '99999999999.00' }),
      goodRow(19, { address: hostileLong }),
      goodRow(20, { status: 'written_off', preferred_language: 'fr' }),
      goodRow(21, { lat: '31.2', lng: '' }),
      goodRow(22, { loan_ref: 'IMP-000021', borrower_name: '=HYPERLINK("http://x","y")' }),
      goodRow(23, { loan_ref: '' }),
      goodRow(24, { id_number: '', phone: '' }),
      goodRow(25),
    ]);
    const en = await importCsv(file, { dryRun: true });
    const zh = await importCsv(file, { dryRun: true, locale: 'zh-CN' });
    const codes = en.errors.map((e) => [e.row, e.column, e.code]);
    expect(codes).toEqual([
      [1, 'id_number', 'CN_ID_CHECK_DIGIT'],
      [2, 'phone', 'MOBILE_FORMAT'],
      [3, 'overdue_amount', 'IMPORT_AMOUNT_FORMAT'],
      [4, 'overdue_amount', 'IMPORT_AMOUNT_FORMAT'],
      [5, 'overdue_amount', 'IMPORT_AMOUNT_FORMAT'],
      [6, 'overdue_amount', 'IMPORT_AMOUNT_FORMAT'],
      [6, 'days_past_due', 'IMPORT_WHOLE_NUMBER'],
      [7, 'borrower_name', 'TEXT_CONTROL_CHAR'],
      [8, 'overdue_amount', 'AMOUNT_TOO_LARGE'],
      [9, 'address', 'TEXT_TOO_LONG'],
      [10, 'preferred_language', 'IMPORT_CHOICE'],
      [10, 'status', 'IMPORT_CHOICE'],
      [11, 'lng', 'IMPORT_COORDINATES_HALF'],
      [12, 'loan_ref', 'IMPORT_DUPLICATE_LOAN_REF'],
      [13, 'loan_ref', 'TEXT_REQUIRED'],
      [14, 'id_number', 'IMPORT_REQUIRED_FOR_NEW'],
      [14, 'phone', 'IMPORT_REQUIRED_FOR_NEW'],
    ]);
    expect(en).toMatchObject({ rows: 15, created: 1, rejected: 14 });
    expect(zh.errors.map((e) => [e.row, e.column, e.code])).toEqual(codes);
    for (const [i, e] of en.errors.entries()) {
      expect(e.message).not.toBe('');
      expect(e.message, e.code).not.toBe(zh.errors[i]?.message);
    }
    expect(en.errors[13]?.message).toContain('row 11');
    expect(en.errors[9]?.message).toContain('200');
    // A dry run writes no case.
    expect(await count(sql`select count(*)::int as n from cases where loan_ref = 'IMP-000025'`)).toBe(0);

    const [run] = await rows<{ rejected: string[][]; errors: Array<{ code: string }> }>(
      handle,
      sql`select rejected_rows as rejected, errors from import_runs where id = ${en.runId}`,
    );
    expect(run?.rejected[0]?.slice(0, 2)).toEqual(['row', 'loan_ref']);
    expect(run?.rejected).toHaveLength(15);
    const formulaRow = run?.rejected.find((r) => r[1] === 'IMP-000021' && r[2]?.startsWith('='));
    expect(formulaRow?.[2]).toBe('=HYPERLINK("http://x","y")');
    expect(Number(formulaRow?.[0])).toBeGreaterThan(0);
    expect(run?.rejected.find((r) => r[1] === 'IMP-000017')?.[2]).toBe('bad\u0007name');
    expect(run?.errors).toHaveLength(17);
  });

  it('reads semicolons and quoted multi-line addresses', async () => {
    const file = csvText([goodRow(31, { address: '漕溪北路31号\n3号楼 "东门"' }), goodRow(32)], { delimiter: ';' });
    const out = await importCsv(file);
    expect(out).toMatchObject({ rows: 2, created: 2, rejected: 0 });
    const [a] = await rows<{ text: string }>(
      handle,
      sql`select a.text from addresses a join cases c on c.borrower_id = a.borrower_id where c.loan_ref = 'IMP-000031'`,
    );
    // A line break inside an address cell is how spreadsheets wrap it: it is kept as a space.
    expect(a?.text).toBe('上海市徐汇区漕溪北路31号 3号楼 "东门"');
  });

  it('reads a GBK file', async () => {
    const out = await importCsv(iconv.encode(csvText([goodRow(41), goodRow(42)]), 'gbk'));
    expect(out).toMatchObject({ rows: 2, created: 2, rejected: 0 });
    const [b] = await rows<{ name: string }>(
      handle,
      sql`select b.full_name as name from borrowers b join cases c on c.borrower_id = b.id where c.loan_ref = 'IMP-000041'`,
    );
    expect(b?.name).toBe('借款人41');
  });

  it('updates what changed: amount, days past due, phone, and a new address with the old one kept as history', async () => {
    await importCsv(csvText([goodRow(51), goodRow(52)]));
    const out = await importCsv(
      csvText([
        { loan_ref: 'IMP-000051', overdue_amount: '99.00', days_past_due: '200', phone: '13999999999' },
        goodRow(52, { address: '虹桥路1号', lat: '31.2', lng: '121.41' }),
      ]),
    );
    expect(out).toMatchObject({ rows: 2, created: 0, updated: 2, unchanged: 0, rejected: 0 });
    const [c] = await rows<{ amount: number; dpd: number; bucket: string; phone: string; updated: Date | null }>(
      handle,
      sql`select c.overdue_amount_cents as amount, c.days_past_due as dpd, c.bucket, b.phone, c.updated_at as updated
        from cases c join borrowers b on b.id = c.borrower_id where c.loan_ref = 'IMP-000051'`,
    );
    expect(c).toMatchObject({ amount: 9_900, dpd: 200, bucket: 'M6+', phone: '13999999999' });
    expect(c?.updated).not.toBeNull();
    const addrs = await rows<{ text: string; superseded: Date | null; lat: number }>(
      handle,
      sql`select a.text, a.superseded_at as superseded, a.lat from addresses a join cases c on c.borrower_id = a.borrower_id
        where c.loan_ref = 'IMP-000052' order by a.created_at, a.superseded_at nulls last`,
    );
    expect(addrs.map((a) => [a.text, a.superseded !== null])).toEqual([
      ['上海市徐汇区漕溪北路52号', true],
      ['上海市徐汇区虹桥路1号', false],
    ]);
  });

  it('a loan of another team is a row error; a known borrower is matched by ID number', async () => {
    const out = await importCsv(csvText([goodRow(61, { id_number: idNumberFor(1), borrower_name: '另一个名字' })]));
    expect(out).toMatchObject({ created: 1, rejected: 0 });
    const borrowers = await rows<{ loan: string; borrower: string; name: string }>(
      handle,
      sql`select c.loan_ref as loan, c.borrower_id as borrower, b.full_name as name from cases c
        join borrowers b on b.id = c.borrower_id where c.loan_ref in ('IMP-000001', 'IMP-000061') order by c.loan_ref`,
    );
    // The borrower is reused as they are: one row, the name the first loan gave.
    expect(borrowers[0]?.borrower).toBe(borrowers[1]?.borrower);
    expect(borrowers.map((b) => b.name)).toEqual(['借款人1', '借款人1']);

    const other = (locale: 'en' | 'zh-CN') =>
      runImport(intakeContext(handle, { now: NOW, userId: fx.manager.id, locale }), {
        teamId: fx.otherTeam,
        channel: 'cli',
        file: csvFile(csvText([{ loan_ref: 'IMP-000051', status: 'open' }])),
        dryRun: false,
        allOrNothing: false,
      });
    const [en, zh] = [await other('en'), await other('zh-CN')];
    expect(en.errors.map((e) => [e.row, e.column, e.code])).toEqual([[1, 'loan_ref', 'IMPORT_LOAN_REF_OTHER_TEAM']]);
    expect(en.errors[0]?.message).toContain('another team');
    expect(zh.errors[0]?.message).toContain('其他小组');
  });

  it('a case now paid cancels its future visits through the one cancel path: off the crew route, renumbered, audited', async () => {
    // Loan references are stored upper-cased (the hand form's block does it, and so does intake).
    await handle.db.execute(sql`update cases set loan_ref = 'FX-LOAN-B1' where id = ${fx.cases.b1}`);
    // v9, v10 (case b1, today) and v11 (on site, another case) are the c3 crew's route.
    await handle.db.execute(
      sql`update visits set planned_arrival = ${at(D3, '08:50')}, route_position = 1 where id = ${fx.visitIds.v9}`,
    );
    await handle.db.execute(
      sql`update visits set planned_arrival = ${at(D3, '10:20')}, route_position = 2 where id = ${fx.visitIds.v10}`,
    );
    await handle.db.execute(
      sql`update visits set planned_arrival = ${at(D3, '14:00')}, route_position = 3 where id = ${fx.visitIds.v11}`,
    );
    const out = await importCsv(csvText([{ loan_ref: 'FX-LOAN-b1', status: 'paid', overdue_amount: '0' }]));
    expect(out).toMatchObject({ updated: 1, rejected: 0 });
    const visits = await rows<{ id: string; status: string; crew: string | null; pos: number | null }>(
      handle,
      sql`select id, status::text as status, crew_id as crew, route_position as pos from visits
        where id in (${fx.visitIds.v9}, ${fx.visitIds.v10}, ${fx.visitIds.v11})`,
    );
    const byId = Object.fromEntries(visits.map((v) => [v.id, v]));
    expect(byId[fx.visitIds.v9 as string]).toMatchObject({ status: 'cancelled', crew: null });
    expect(byId[fx.visitIds.v10 as string]).toMatchObject({ status: 'cancelled', crew: null });
    expect(byId[fx.visitIds.v11 as string]).toMatchObject({ status: 'on_site', pos: 1 });
    const audits = await rows<{ action: string; reason: string }>(
      handle,
      sql`select action, after->>'reason' as reason from audit_log where entity_id in (${fx.visitIds.v9}, ${fx.visitIds.v10}) order by id`,
    );
    expect(audits).toEqual([
      { action: 'visit.cancel', reason: 'case_paid' },
      { action: 'visit.cancel', reason: 'case_paid' },
    ]);
    const [c] = await rows<{ status: string }>(
      handle,
      sql`select status::text as status from cases where loan_ref = 'FX-LOAN-B1'`,
    );
    expect(c?.status).toBe('paid');
  });

  it('all-or-nothing with a rejected row writes nothing and is refused; without, the good rows go in', async () => {
    const file = csvText([goodRow(71), goodRow(72, { phone: '123' })]);
    const refused = await importCsv(file, { allOrNothing: true });
    expect(refused).toMatchObject({ rows: 2, created: 0, rejected: 1 });
    expect(refused.errors.map((e) => e.code)).toEqual(['MOBILE_FORMAT']);
    expect(await count(sql`select count(*)::int as n from cases where loan_ref = 'IMP-000071'`)).toBe(0);
    const [run] = await rows<{ status: string }>(
      handle,
      sql`select status from import_runs where id = ${refused.runId}`,
    );
    expect(run?.status).toBe('refused');
    const partial = await importCsv(file);
    expect(partial).toMatchObject({ created: 1, rejected: 1 });
    const clean = await importCsv(csvText([goodRow(73), goodRow(74)]), { allOrNothing: true });
    expect(clean).toMatchObject({ created: 2, rejected: 0 });
  });

  it('a dry run counts like the import and writes nothing', async () => {
    const file = csvText([
      goodRow(81),
      { loan_ref: 'IMP-000071', overdue_amount: '1.00' },
      { loan_ref: 'IMP-000073', status: 'open' },
    ]);
    const dry = await importCsv(file, { dryRun: true });
    expect(dry).toMatchObject({ created: 1, updated: 1, unchanged: 1, rejected: 0 });
    expect(await count(sql`select count(*)::int as n from cases where loan_ref = 'IMP-000081'`)).toBe(0);
    const real = await importCsv(file);
    expect(real).toMatchObject({ created: 1, updated: 1, unchanged: 1, rejected: 0 });
  });

  it('a run made first (the browser) is the one the import fills in, with its progress', async () => {
    const req = {
      teamId: fx.team,
      channel: 'browser' as const,
      file: csvFile(csvText([goodRow(91), goodRow(92)])),
      dryRun: false,
      allOrNothing: false,
    };
    const runId = await createRun(ctx(), req);
    const seen: Array<[number, number]> = [];
    const out = await runImport(ctx(), { ...req, runId, onProgress: (done, total) => void seen.push([done, total]) });
    expect(out.runId).toBe(runId);
    expect(seen.at(-1)).toEqual([2, 2]);
    const [run] = await rows<{ status: string; created: number }>(
      handle,
      sql`select status, created from import_runs where id = ${runId}`,
    );
    expect(run).toMatchObject({ status: 'done', created: 2 });
  });

  it('two imports of one file at once: no error, no duplicate case, borrower or address', async () => {
    const file = csvText(Array.from({ length: 30 }, (_, i) => goodRow(200 + i)));
    const [a, b] = await Promise.all([importCsv(file), importCsv(file)]);
    expect(a.created + b.created).toBe(30);
    expect(a.created + a.updated + a.unchanged).toBe(30);
    expect(b.created + b.updated + b.unchanged).toBe(30);
    expect(
      await count(sql`select count(*)::int as n from cases where loan_ref between 'IMP-000200' and 'IMP-000229'`),
    ).toBe(30);
    expect(
      await count(sql`select count(*)::int as n from addresses a join cases c on c.borrower_id = a.borrower_id
        where c.loan_ref between 'IMP-000200' and 'IMP-000229'`),
    ).toBe(30);
  });

  it('reads an XLSX workbook', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('cases');
    sheet.addRow([...CASE_IMPORT_COLUMNS]);
    for (const r of [goodRow(101), goodRow(102)]) sheet.addRow(CASE_IMPORT_COLUMNS.map((c) => r[c] ?? ''));
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const out = await runImport(ctx(), {
      teamId: fx.team,
      channel: 'cli',
      file: { bytes, fileName: 'cases.xlsx', contentType: '' },
      dryRun: false,
      allOrNothing: false,
    });
    expect(out).toMatchObject({ rows: 2, created: 2, rejected: 0 });
  });

  it('a file with a NUL byte is refused as a whole, never a crash, and the run is recorded as failed', async () => {
    const err = await importCsv(csvText([goodRow(111, { borrower_name: 'a\u0000b' })])).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IMPORT_FILE_NUL_BYTES' });
    const [run] = await rows<{ status: string }>(
      handle,
      sql`select status from import_runs where team_id = ${fx.team} and failure like 'IMPORT_FILE_NUL_BYTES%'`,
    );
    expect(run?.status).toBe('failed');
  });

  it('a file without a loan_ref column fails as a whole, and the run says why', async () => {
    const err = await importCsv('name,phone\nx,13800000000\n').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IMPORT_NO_LOAN_REF_COLUMN' });
    const [run] = await rows<{ status: string; failure: string }>(
      handle,
      sql`select status, failure from import_runs where team_id = ${fx.team} and failure like 'IMPORT_NO_LOAN%'`,
    );
    expect(run?.status).toBe('failed');
    expect(run?.failure).toContain('IMPORT_NO_LOAN_REF_COLUMN');
  });
});
