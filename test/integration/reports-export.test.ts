/**
 * GET /reports/export streams the visits table (issue #17 item 2): the same rows in the same order as the
 * table pages them, read from the database in keyset batches, masked, for signed-in oversight roles only, and
 * hostile input refused naming the field. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { hashSessionToken, SESSION_COOKIE } from '../../server/modules/auth/session-token';
import { exportRows } from '../../server/modules/reports/reports.service';
import type { AuthedContext, SessionUser } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/root';
import { VISIT_SORTS } from '../../shared/schemas/oversight';
import { createTestDb, makeContext } from './helpers/db';
import { HTTP_APP_SECRET, httpApp } from './helpers/http-app';
import { D1, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

const PERIOD = { from: D1, to: D3 };
const SORTS = VISIT_SORTS;

describe('GET /reports/export streams the table', () => {
  let handle: DbHandle;
  let app: FastifyInstance;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const cookies: Record<string, string> = {};
  const caller = (user: Omit<SessionUser, 'sessionTokenHash'> = fx.manager) => createCaller(makeContext(handle, user));
  /** A session for a fixture user, as signing in would write it. */
  const signIn = async (userId: string) => {
    const token = randomUUID();
    await handle.db.insert(s.sessions).values({
      tokenHash: hashSessionToken(token, HTTP_APP_SECRET),
      userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    return `${SESSION_COOKIE}=${token}`;
  };
  const get = (query: string, who?: string) =>
    app.inject({ method: 'GET', url: `/reports/export?${query}`, headers: who ? { cookie: cookies[who] } : {} });

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
    app = await httpApp(handle);
    cookies.manager = await signIn(fx.manager.id);
    cookies.agent = await signIn(fx.agentUser.id);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('sends the rows of the table in its order, as a CSV with a BOM, the phone masked', async () => {
    const res = await get(`from=${D1}&to=${D3}&sort=borrower&desc=0&format=csv`, 'manager');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename="visits-${D1}-${D3}.csv"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(res.body.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const table = await caller().reports.visits({ filter: PERIOD, sort: 'borrower', desc: false, pageSize: 200 });
    expect(parsed.data.map((r) => r.Loan)).toEqual(table.rows.map((r) => r.loanRef));
    expect(parsed.data.every((r) => /^139\*{4}\d{4}$/.test(r.Phone ?? ''))).toBe(true);
  });

  it('resumes every order batch after batch exactly where the table’s pages go', async () => {
    const ctx = makeContext(handle, fx.manager) as AuthedContext;
    for (const sort of SORTS) {
      for (const desc of [false, true]) {
        const input = { filter: PERIOD, sort, desc };
        const streamed: string[] = [];
        // Batches of 2 over 11 visits: six keyset resumptions, ties (same borrower, status, no agent) included.
        for await (const batch of exportRows(ctx, input, 2)) streamed.push(...batch.map((r) => r.visitId));
        const table = await caller().reports.visits({ ...input, pageSize: 200 });
        expect(streamed, `${sort} ${desc ? 'desc' : 'asc'}`).toEqual(table.rows.map((r) => r.visitId));
      }
    }
  });

  it('streams an XLSX the same way', async () => {
    const res = await get(`from=${D1}&to=${D3}&drill=made&format=xlsx`, 'manager');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('answers only signed-in oversight roles, each for their own teams', async () => {
    const q = `from=${D1}&to=${D3}&format=csv`;
    expect((await get(q)).statusCode).toBe(401);
    expect((await get(q, 'agent')).statusCode).toBe(403);
    expect((await get(`${q}&teamId=${fx.otherTeam}`, 'manager')).statusCode).toBe(404);
    // The header and the team's 11 visits.
    const own = await get(`${q}&teamId=${fx.team}`, 'manager');
    expect(own.statusCode).toBe(200);
    expect(own.body.trim().split('\r\n')).toHaveLength(12);
  });

  it('puts every export on the audit log (who, which rows, which format, from where); a refused one writes nothing', async () => {
    const exports = () =>
      handle.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'report.export')).orderBy(asc(s.auditLog.id));
    const before = (await exports()).length;
    const q = `from=${D1}&to=${D3}&format=xlsx`;
    expect((await get(q)).statusCode).toBe(401);
    expect((await get(q, 'agent')).statusCode).toBe(403);
    expect((await get(`${q}&teamId=${fx.otherTeam}`, 'manager')).statusCode).toBe(404);
    expect((await get(`from=${D1}&to=2026-02-30&format=csv`, 'manager')).statusCode).toBe(400);
    expect(await exports()).toHaveLength(before);
    expect((await get(`${q}&teamId=${fx.team}&search=b9`, 'manager')).statusCode).toBe(200);
    const after = await exports();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      actorUserId: fx.manager.id,
      teamId: fx.team,
      entityType: 'report',
      entityId: 'visits',
      after: { format: 'xlsx', filter: { from: D1, to: D3, teamId: fx.team }, teamIds: [fx.team], search: 'b9' },
    });
    expect(after.at(-1)?.after).toHaveProperty('ip');
  });

  it('heads the file in the language the link names, whatever the account’s language; a bad lang is not an error', async () => {
    const heading = async (lang: string) => {
      const res = await get(`from=${D1}&to=${D3}&format=csv&lang=${lang}`, 'manager');
      expect(res.statusCode, lang).toBe(200);
      return res.body.slice(1).split('\r\n')[0];
    };
    expect(await heading('en')).toContain('Loan');
    expect(await heading('zh-CN')).toContain('借据号');
    // NUL, a lone surrogate, an unknown tag: the language falls back, the file is still sent.
    for (const hostile of ['%00', '%ED%A0%80', 'xx-YY']) expect(await heading(hostile)).toMatch(/Loan|借据号/);
    // A refusal is worded in the named language too.
    const refused = await get(`from=2026-02-30&to=${D3}&format=csv&lang=zh-CN`, 'manager');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses hostile input with a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      [`from=2026-02-30&to=${D3}&format=csv`, 'filter.from'],
      [`from=${D1}&to=${D3}&format=pdf`, 'format'],
      [`from=${D1}&to=${D3}&format=csv&sort=password_hash`, 'sort'],
      [`from=${D1}&to=${D3}&format=csv&drill=all`, 'drill'],
      [`from=${D1}&to=${D3}&format=csv&teamId=1%20or%201=1`, 'filter.teamId'],
      [`from=${D1}&format=csv`, 'filter.to'],
    ];
    for (const [query, field] of cases) {
      const res = await get(query, 'manager');
      expect([res.statusCode, Object.keys(res.json().error.fieldErrors)], query).toEqual([400, [field]]);
    }
  });
});
