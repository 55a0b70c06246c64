/**
 * The browser's case import (SPEC §8.3) through the real HTTP app and router: the upload route on the session,
 * intake.validate (a dry run with reasons), intake.start in the background (replayed key → the same run, progress
 * reaching the total), intake.run / intake.runs, the rejected rows download (formula-looking cells neutralised),
 * and every step scoped to the user's teams.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cases, importRuns, importUploads, teams } from '../../drizzle/schema';
import { runSettled } from '../../server/modules/intake/intake.browser';
import { MAX_IMPORT_BYTES } from '../../server/modules/intake/intake.parse';
import { createCaller } from '../../server/trpc/root';
import { DEMO_USERS } from '../../shared/demo';
import type { Role } from '../../shared/domain/constants';
import { badRows, goodRow, IMPORT_HEADER, toCsv } from '../helpers/intake-browser-rows';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';
import { httpApp, signInOver } from './helpers/http-app';

const CSV = 'text/csv';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** The upload's answer with its mapping as the page sends it (only the columns the file has). */
const answerOf = (res: { json: () => { uploadId: string; mapping: Record<string, string | null> } }) => {
  const { uploadId, mapping } = res.json();
  return {
    uploadId,
    mapping: Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) as Record<string, string>,
  };
};

describe('browser import: upload, check, import in the background, rejected rows — scoped to the team', () => {
  const demo = setUpDemoCity();
  let app: FastifyInstance;
  let otherTeamId = '';
  const cookies = {} as Record<Role, string>;
  const as = (role: Role, locale: 'en' | 'zh-CN' = 'en') =>
    createCaller(makeContext(demo.handle, demo.users[role], { locale }));
  /** A dispatcher of another team only: nothing of the demo dispatcher's team is theirs. */
  const outsider = () => createCaller(makeContext(demo.handle, { ...demo.users.dispatcher, teamIds: [otherTeamId] }));
  const upload = (
    body: Buffer | string,
    opts: { role?: Role; team?: string; type?: string; name?: string; source?: string; headers?: object } = {},
  ) => {
    const q = new URLSearchParams({ team: opts.team ?? demo.teamId, name: opts.name ?? 'cases.csv' });
    if (opts.source) q.set('source', opts.source);
    return app.inject({
      method: 'POST',
      url: `/api/v1/imports/uploads?${q}`,
      payload: body,
      headers: {
        'content-type': opts.type ?? CSV,
        cookie: cookies[opts.role ?? 'dispatcher'],
        ...opts.headers,
      },
    });
  };

  // 4 good rows (2 without coordinates), the 3 bad ones, and a formula-looking name on the bad phone row.
  const good = [1, 2, 3, 4].map((n) => goodRow(n, { prefix: 'WEB', located: n <= 2 }));
  const bad = badRows('WEB');
  (bad.rows[1] as string[])[1] = '=HYPERLINK("http://evil.example","click")';
  const file = Buffer.from(toCsv([[...IMPORT_HEADER, 'note'], ...[...good, ...bad.rows].map((r) => [...r, 'x'])]));

  beforeAll(async () => {
    app = await httpApp(demo.handle);
    for (const role of Object.keys(DEMO_USERS) as Role[]) {
      cookies[role] = (await signInOver(app, DEMO_USERS[role])).cookie;
    }
    const [other] = await demo.handle.db
      .select({ id: teams.id })
      .from(teams)
      .where(notInArray(teams.id, demo.users.dispatcher.teamIds))
      .limit(1);
    otherTeamId = other?.id as string;
  });

  it('keeps the upload and answers the header, the first rows, the guessed mapping and the ignored columns', async () => {
    const res = await upload(file);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      fileName: 'cases.csv',
      format: 'csv',
      header: [...IMPORT_HEADER, 'note'],
      rowCount: 7,
      ignoredColumns: ['note'],
      sha256: sha(file),
    });
    expect(body.preview).toHaveLength(7);
    expect(body.mapping.loan_ref).toBe('loan_ref');
    expect(body.mapping.id_number).toBe('id_number');
    const [kept] = await demo.handle.db
      .select({ teamId: importUploads.teamId, sha256: importUploads.sha256, bytes: importUploads.bytes })
      .from(importUploads)
      .where(eq(importUploads.id, body.uploadId));
    expect(kept?.teamId).toBe(demo.teamId);
    expect(kept?.sha256).toBe(sha(file));
    expect(Buffer.compare(kept?.bytes as Buffer, file)).toBe(0);
  });

  it('asks for a session of a dispatcher of the team or an admin, and refuses a request another site started', async () => {
    const anonymous = await upload(file, { headers: { cookie: '' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    for (const role of ['manager', 'agent'] as const) {
      const res = await upload(file, { role });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code, role).toBe('FORBIDDEN');
    }
    const crossSite = await upload(file, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    const otherTeam = await upload(file, { team: otherTeamId });
    expect(otherTeam.statusCode).toBe(404);
    expect(otherTeam.json().error.code).toBe('NOT_FOUND');
    expect((await upload(file, { role: 'admin', team: otherTeamId })).statusCode).toBe(200);
  });

  it('refuses what is not a CSV or XLSX file, an oversized one and an unreadable one, in the user’s language', async () => {
    const messages = async (send: (h: object) => ReturnType<typeof upload>, code: string) => {
      const en = await send({ 'x-doorstep-locale': 'en' });
      const zh = await send({ 'x-doorstep-locale': 'zh-CN' });
      expect(en.statusCode, code).toBe(400);
      expect(en.json().error.code).toBe(code);
      expect(zh.json().error.code).toBe(code);
      expect(zh.json().error.message).not.toBe(en.json().error.message);
      return en.json().error.message as string;
    };
    await messages((headers) => upload('<html></html>', { type: 'text/html', headers }), 'IMPORT_UPLOAD_TYPE');
    const big = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41);
    expect(await messages((headers) => upload(big, { headers }), 'IMPORT_FILE_TOO_LARGE')).toContain('64');
    // A ZIP that is no workbook, and an empty file: the parser's own codes and words.
    const garbage = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 0xff, 0xfe, 0, 0]);
    await messages((headers) => upload(garbage, { type: 'application/octet-stream', headers }), 'IMPORT_FILE_NOT_XLSX');
    await messages((headers) => upload('', { headers }), 'IMPORT_FILE_EMPTY');
  });

  it('checks every row without writing: counts and the rejected rows with column and reason, translated', async () => {
    const { uploadId, mapping } = answerOf(await upload(file));
    const before = await demo.handle.db.$count(cases);
    const checked = await as('dispatcher').intake.validate({ uploadId, mapping });
    expect(checked).toMatchObject({ rows: 7, created: 4, updated: 0, unchanged: 0, rejected: 3, needsLocation: 2 });
    expect(await demo.handle.db.$count(cases)).toBe(before);
    expect(checked.errors.map((e) => [e.row, e.column])).toEqual([
      [5, 'id_number'],
      [6, 'phone'],
      [7, 'overdue_amount'],
    ]);
    expect(checked.errors[0]?.code).toBe('CN_ID_CHECK_DIGIT');
    const zh = await as('dispatcher', 'zh-CN').intake.validate({ uploadId, mapping });
    expect(zh.errors.map((e) => e.code)).toEqual(checked.errors.map((e) => e.code));
    for (const [i, e] of zh.errors.entries()) expect(e.message).not.toBe(checked.errors[i]?.message);
  });

  it('downloads the rejected rows of a check: reasons in the reader’s language, formulas neutralised', async () => {
    const { uploadId, mapping } = answerOf(await upload(file, { name: 'lender.csv' }));
    const { runId } = await as('dispatcher').intake.validate({ uploadId, mapping });
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/imports/${runId}/rejected.csv`,
      headers: { cookie: cookies.dispatcher, 'x-doorstep-locale': 'zh-CN' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(String(res.headers['content-disposition'])).toMatch(/rejected-lender-\d{4}-\d{2}-\d{2}\.csv/);
    const parsed = Papa.parse<string[]>(res.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const [header, ...rows] = parsed;
    expect(header?.[0]).toBe('row');
    expect(header?.at(-1)).toBe('problems');
    expect(rows.map((r) => r[0])).toEqual(['5', '6', '7']);
    expect(rows.map((r) => r[1])).toEqual(bad.rows.map((r) => r[0]));
    // The formula-looking name is kept as text, never as a formula a spreadsheet would run.
    expect(rows[1]).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows.flat().some((cell) => cell.startsWith('='))).toBe(false);
    expect(rows[0]?.at(-1)).toMatch(/[\u4e00-\u9fff]/);
    // Scoped like the run: another role or no session gets nothing.
    const manager = await app.inject({
      method: 'GET',
      url: `/api/v1/imports/${runId}/rejected.csv`,
      headers: { cookie: cookies.manager },
    });
    expect(manager.statusCode).toBe(404);
    expect(manager.json().error.code).toBe('IMPORT_RUN_NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: `/api/v1/imports/${runId}/rejected.csv` })).statusCode).toBe(401);
  });

  it('names every rejected row in the download, also past the first 1,000 problems the run lists', async () => {
    // 1,003 rows, each with a phone that is no mobile: one problem each, 3 past the listed 1,000.
    const many = Array.from({ length: 1_003 }, (_, i) => {
      const r = goodRow(2_000 + i, { prefix: 'MANY', located: true });
      r[IMPORT_HEADER.indexOf('phone')] = '12345';
      return r;
    });
    const { uploadId, mapping } = answerOf(
      await upload(Buffer.from(toCsv([IMPORT_HEADER, ...many])), { name: 'many.csv' }),
    );
    const { runId } = await as('dispatcher').intake.validate({ uploadId, mapping });
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/imports/${runId}/rejected.csv`,
      headers: { cookie: cookies.dispatcher, 'x-doorstep-locale': 'en' },
    });
    expect(res.statusCode).toBe(200);
    const [, ...rows] = Papa.parse<string[]>(res.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(1_003);
    expect(rows.map((r) => Number(r[0]))).toEqual(many.map((_, i) => i + 1));
    expect(rows[999]?.at(-1)).toContain('phone');
    expect(rows[1_002]?.at(-1)).toContain('first 1000 problems');
  });

  it('imports in the background: the run id at once, a replayed key answers the same run, progress reaches the total', async () => {
    const { uploadId, mapping } = answerOf(await upload(file, { source: 'core-banking' }));
    const input = {
      uploadId,
      source: 'core-banking',
      mapping,
      allOrNothing: false,
      idempotencyKey: 'intake-start-0001',
    };
    const first = await as('dispatcher').intake.start(input);
    const again = await as('dispatcher').intake.start(input);
    expect(again.runId).toBe(first.runId);
    await runSettled(first.runId);
    const run = await as('dispatcher').intake.run({ runId: first.runId });
    expect(run).toMatchObject({
      status: 'done',
      channel: 'browser',
      totalRows: 7,
      processedRows: 7,
      created: 4,
      rejected: 3,
      needsLocation: 2,
      fileSha256: sha(file),
      by: demo.users.dispatcher.displayName,
    });
    expect(run.errors.map((e) => e.column)).toEqual(bad.columns);
    const imported = await demo.handle.db
      .select({ loanRef: cases.loanRef })
      .from(cases)
      .where(
        inArray(
          cases.loanRef,
          good.map((r) => r[0] as string),
        ),
      );
    expect(imported).toHaveLength(4);
    // One run recorded (the replay started nothing), audited once.
    const runs = await demo.handle.db
      .select({ id: importRuns.id })
      .from(importRuns)
      .where(and(eq(importRuns.uploadId, uploadId), eq(importRuns.dryRun, false)));
    expect(runs).toHaveLength(1);
    const audited = await demo.handle.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.entityId, first.runId));
    expect(audited.length).toBeGreaterThanOrEqual(1);
    const recent = await as('dispatcher').intake.runs({ teamId: demo.teamId });
    expect(recent[0]).toMatchObject({ id: first.runId, fileName: 'cases.csv', channel: 'browser', created: 4 });
    expect(await as('dispatcher').intake.sources({ teamId: demo.teamId })).toContain('core-banking');
    // The same file again changes nothing.
    const second = await as('dispatcher').intake.start({ ...input, idempotencyKey: 'intake-start-0002' });
    await runSettled(second.runId);
    expect(await as('dispatcher').intake.run({ runId: second.runId })).toMatchObject({
      status: 'done',
      created: 0,
      updated: 0,
      unchanged: 4,
    });
  });

  it('all or nothing with rejected rows imports nothing and says so', async () => {
    const rows = [goodRow(50, { prefix: 'AON', located: true }), ...badRows('AON').rows];
    const { uploadId, mapping } = answerOf(await upload(toCsv([IMPORT_HEADER, ...rows])));
    const { runId } = await as('admin').intake.start({
      uploadId,
      mapping,
      allOrNothing: true,
      idempotencyKey: 'intake-start-aon-0001',
    });
    await runSettled(runId);
    expect(await as('admin').intake.run({ runId })).toMatchObject({ status: 'refused', created: 0, rejected: 3 });
    expect(await demo.handle.db.$count(cases, eq(cases.loanRef, 'AON-0050'))).toBe(0);
  });

  it('another team’s upload and run read as gone, in the user’s language', async () => {
    const { uploadId, mapping } = answerOf(await upload(file));
    const { runId } = await as('dispatcher').intake.validate({ uploadId, mapping });
    const refusal = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        return err as { message: string; cause?: { code?: string } };
      }
      throw new Error('expected a refusal');
    };
    const gone = await refusal(outsider().intake.validate({ uploadId, mapping }));
    expect(gone.cause?.code).toBe('IMPORT_UPLOAD_GONE');
    const started = await refusal(
      outsider().intake.start({ uploadId, mapping, allOrNothing: false, idempotencyKey: 'outsider-01' }),
    );
    expect(started.cause?.code).toBe('IMPORT_UPLOAD_GONE');
    const run = await refusal(outsider().intake.run({ runId }));
    expect(run.cause?.code).toBe('IMPORT_RUN_NOT_FOUND');
    const list = await refusal(outsider().intake.runs({ teamId: demo.teamId }));
    expect(list.cause?.code).toBe('NOT_FOUND');
    const zh = await refusal(
      createCaller(
        makeContext(demo.handle, { ...demo.users.dispatcher, teamIds: [otherTeamId] }, { locale: 'zh-CN' }),
      ).intake.validate({ uploadId, mapping }),
    );
    expect(zh.message).not.toBe(gone.message);
  });

  it('deletes uploads older than a day when the next one arrives', async () => {
    const { uploadId } = (await upload(file)).json();
    await demo.handle.db
      .update(importUploads)
      .set({ createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) })
      .where(eq(importUploads.id, uploadId));
    await upload(file);
    expect(await demo.handle.db.$count(importUploads, eq(importUploads.id, uploadId))).toBe(0);
  });

  it('closes as failed a run left "running" by a server that stopped, when the next upload arrives', async () => {
    const { uploadId, mapping } = answerOf(await upload(file));
    const { runId } = await as('dispatcher').intake.validate({ uploadId, mapping });
    // As a process that stopped mid-import leaves it: running, started two hours ago.
    await demo.handle.db
      .update(importRuns)
      .set({ status: 'running', finishedAt: null, startedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) })
      .where(eq(importRuns.id, runId));
    await upload(file);
    const run = await as('dispatcher').intake.run({ runId });
    expect(run.status).toBe('failed');
    expect(run.failure).toContain('interrupted');
  });
});
