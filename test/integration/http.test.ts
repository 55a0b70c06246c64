import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { buildHttpServer, type HttpDeps } from '../../server/http';
import { createLogger } from '../../server/ops/log';
import { DEMO_PASSWORD } from '../../shared/demo';
import { createTestDb, TEST_DB_KIND, testEnv } from './helpers/db';
import { seedDemoUsers } from './helpers/demo';

describe('HTTP layer: health, session cookie, localized errors', () => {
  let handle: DbHandle;
  let app: FastifyInstance;
  const build = (more: Partial<HttpDeps> = {}) =>
    buildHttpServer({
      db: handle.db,
      dbKind: handle.kind,
      env: testEnv,
      log: pino({ level: 'silent' }),
      sessionSecret: 'http-test-secret-0123456789',
      clientDir: '/nonexistent',
      ...more,
    });

  beforeAll(async () => {
    handle = await createTestDb();
    await seedDemoUsers(handle);
    app = await build();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('reports health with the database kind', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: TEST_DB_KIND });
  });

  it('signs in with an httpOnly SameSite cookie, knows the user, and signs out', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username: 'agent', password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/doorstep_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=\d+/);
    const cookie = setCookie.split(';')[0] as string;

    const me = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });
    expect(me.json().result.data.role).toBe('agent');

    const route = await app.inject({ method: 'GET', url: '/trpc/field.today?input=%7B%7D', headers: { cookie } });
    expect(route.statusCode).toBe(200);
    expect(route.json().result.data.stops.length).toBeGreaterThan(0);

    const out = await app.inject({ method: 'POST', url: '/trpc/auth.logout', headers: { cookie }, payload: {} });
    expect(out.statusCode).toBe(200);
    const after = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });
    expect(after.json().result.data).toBeNull();
  });

  it("runs on the clock it is given: the agent's today is the team's date, and a session ends by that clock", async () => {
    // 23:30 UTC is already the next morning in the demo team's zone (Asia/Shanghai).
    let now = new Date('2026-03-12T23:30:00Z');
    const clocked = await build({ now: () => now });
    try {
      const login = await clocked.inject({
        method: 'POST',
        url: '/trpc/auth.login',
        payload: { username: 'agent', password: DEMO_PASSWORD },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
      const route = await clocked.inject({ method: 'GET', url: '/trpc/field.today?input=%7B%7D', headers: { cookie } });
      expect(route.json().result.data.date).toBe('2026-03-13');
      now = new Date(now.getTime() + (testEnv.SESSION_TTL_HOURS * 3600 + 60) * 1000);
      const me = await clocked.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });
      expect(me.json().result.data).toBeNull();
    } finally {
      await clocked.close();
    }
  });

  it('answers 401 in the language the client asks for, and 400 with per-field messages', async () => {
    const denied = await app.inject({
      method: 'GET',
      url: '/trpc/teams.list',
      headers: { 'x-doorstep-locale': 'zh-CN' },
    });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().error.message).toBe('请先登录。');

    const bad = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'accept-language': 'zh-CN,zh;q=0.9' },
      payload: { username: '', password: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    const err = bad.json().error;
    expect(err.data.appCode).toBe('VALIDATION');
    expect(Object.keys(err.data.fieldErrors)).toEqual(['username']);
    expect(err.data.fieldErrors.username).toBe('不能为空');
    expect(JSON.stringify(err)).not.toMatch(/stack|at .*\.ts/);
  });

  it('writes domain field errors in the caller’s language too', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/admin.createUser',
      headers: { cookie, 'x-doorstep-locale': 'zh-CN' },
      payload: {
        idempotencyKey: 'http-test-key-1',
        username: 'no.team',
        displayName: '无小组',
        password: 'a-long-password',
        role: 'dispatcher',
        teamIds: [],
      },
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.data.appCode).toBe('TEAM_REQUIRED');
    expect(err.message).toBe('该角色必须至少属于一个小组。');
    expect(err.data.fieldErrors).toEqual({ teamIds: '该角色必须至少属于一个小组。' });
  });

  it('takes the client address from the socket, not from a header the client wrote (only a local proxy is believed)', async () => {
    const offer = (remoteAddress: string, forwardedFor: string, i: number) =>
      app.inject({
        method: 'GET',
        url: `/trpc/slots.offer?input=${encodeURIComponent(JSON.stringify({ token: `guess${i}`.padEnd(32, 'Z') }))}`,
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    // A client on the internet guessing links, inventing a new X-Forwarded-For each time: still one address.
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await offer('203.0.113.9', `198.51.100.${i}`, i)).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 404)).toBe(true);
    expect(codes[20]).toBe(429);
    // Through a reverse proxy on this host, the header it sets names the client.
    expect((await offer('127.0.0.1', '192.0.2.44', 99)).statusCode).toBe(404);
  });

  it('tells a client over a limit when to come back: 429 with Retry-After in seconds', async () => {
    const wrong = () =>
      app.inject({
        method: 'POST',
        url: '/trpc/auth.login',
        remoteAddress: '198.51.100.77',
        payload: { username: 'manager', password: 'not-the-password' },
      });
    for (let i = 0; i < 5; i++) {
      const res = await wrong();
      expect(res.statusCode).toBe(401);
      expect(res.headers['retry-after']).toBeUndefined();
    }
    const limited = await wrong();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.data.appCode).toBe('LOGIN_RATE_LIMITED');
    const seconds = Number(limited.headers['retry-after']);
    expect(seconds).toBeGreaterThan(14 * 60);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
  });

  it('keeps slot-link tokens and badge codes out of the request log', async () => {
    const lines: string[] = [];
    // Reads are logged at debug (the log policy): the level an operator turns on to see them.
    const log = createLogger({ LOG_LEVEL: 'debug' }, { write: (line: string) => void lines.push(line) });
    // A built client, as in production: /s/… and /verify/… are served the app.
    const clientDir = mkdtempSync(join(tmpdir(), 'doorstep-client-'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
    const logged = await buildHttpServer({
      db: handle.db,
      dbKind: handle.kind,
      env: testEnv,
      log,
      sessionSecret: 'http-test-secret-0123456789',
      clientDir,
    });
    const token = 'Tok3nThatOpensAnAddress_0123456789';
    const page = await logged.inject({ method: 'GET', url: `/s/${token}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    await logged.inject({
      method: 'GET',
      url: `/trpc/slots.offer?input=${encodeURIComponent(JSON.stringify({ token }))}`,
    });
    await logged.inject({ method: 'GET', url: '/verify/AB12CD34', headers: { accept: 'text/html' } });
    await logged.close();
    rmSync(clientDir, { recursive: true, force: true });
    const text = lines.join('');
    expect(text).toContain('request done');
    expect(text).toContain('/s/[redacted]');
    expect(text).toContain('/verify/[redacted]');
    expect(text).not.toContain(token);
    expect(text).not.toContain('AB12CD34');
  });
});
