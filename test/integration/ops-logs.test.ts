import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { users } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { loadEnv } from '../../server/env';
import { buildHttpServer } from '../../server/http';
import { hashPassword } from '../../server/modules/auth/password';
import { createLogger } from '../../server/ops/log';
import { createTestDb } from './helpers/db';

const PASSWORD = 'a-long-test-password';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}
const DEBUG = 20;
const INFO = 30;
const ERROR = 50;

describe('operations: request ids and the request log policy', () => {
  let handle: DbHandle;
  const apps: FastifyInstance[] = [];
  /** The real app with its real logger (main.ts's), writing JSON lines into `lines`. */
  const build = async (env: Record<string, string> = {}) => {
    const lines: LogLine[] = [];
    const config = loadEnv({ DATA_DIR: '/tmp/doorstep-test', LOG_LEVEL: 'debug', ...env });
    const log = createLogger(config, { write: (line: string) => lines.push(JSON.parse(line)) });
    const app = await buildHttpServer({
      db: handle.db,
      dbKind: handle.kind,
      env: config,
      log,
      sessionSecret: 'ops-logs-secret-0123456789',
      clientDir: '/nonexistent',
    });
    // A route that fails like a bug would, for the 500 line.
    app.get('/ops-test/bug', async () => {
      throw new Error('a bug');
    });
    apps.push(app);
    return { app, lines };
  };
  /**
   * The "request done/failed" line of the request with id `id` (written once the response has gone). Waited for
   * as a state: vi.waitFor's default 1 s is a timing check under load.
   */
  const doneLine = async (lines: LogLine[], id: string) =>
    vi.waitFor(
      () => {
        const line = lines.find((l) => l.reqId === id && /^request (done|failed)$/.test(l.msg));
        expect(line).toBeDefined();
        return line as LogLine;
      },
      { timeout: 30_000, interval: 20 },
    );

  beforeAll(async () => {
    handle = await createTestDb();
    await handle.db.insert(users).values({
      username: 'ops.admin',
      displayName: 'Ops admin',
      passwordHash: await hashPassword(PASSWORD),
      role: 'admin',
    });
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await handle?.close();
  });

  it('answers every request with an id, a new UUID unless a trusted proxy sent a sane one', async () => {
    const { app } = await build();
    const idOf = async (headers: Record<string, string>, remoteAddress = '127.0.0.1', url = '/healthz') =>
      (await app.inject({ method: 'GET', url, headers, remoteAddress })).headers['x-request-id'];

    const first = await idOf({});
    const second = await idOf({});
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
    // Also on an error answer and an unknown path.
    expect(await idOf({}, '127.0.0.1', '/trpc/teams.list')).toMatch(UUID);
    expect(await idOf({}, '127.0.0.1', '/nope.json')).toMatch(UUID);

    // The reverse proxy on this host (TRUST_PROXY=loopback) passes its id on: nginx's $request_id, a trace id.
    expect(await idOf({ 'x-request-id': '6f1c2a9e0b7d4e3f8a5b6c7d8e9f0a1b' })).toBe('6f1c2a9e0b7d4e3f8a5b6c7d8e9f0a1b');
    expect(await idOf({ 'x-request-id': 'edge-01:req/42' })).toBe('edge-01:req/42');
    // Hostile or oversized ids never reach the logs: replaced.
    for (const hostile of ['a\u0000b', 'x'.repeat(10_240), 'id-\ud800', '<script>', 'a b', '', 'é']) {
      expect(await idOf({ 'x-request-id': hostile }), JSON.stringify(hostile.slice(0, 20))).toMatch(UUID);
    }
    // From a client that is not a trusted proxy, even a sane id is not taken.
    expect(await idOf({ 'x-request-id': 'chosen-by-client' }, '203.0.113.9')).toMatch(UUID);
    const noProxy = await build({ TRUST_PROXY: 'false' });
    const direct = await noProxy.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc' } });
    expect(direct.headers['x-request-id']).toMatch(UUID);
  });

  it('writes the id into every log line of the request', async () => {
    const { app, lines } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'x-request-id': 'trace-login-1' },
      payload: { username: 'ops.admin', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('trace-login-1');
    const line = await doneLine(lines, 'trace-login-1');
    expect(line.req).toEqual({ method: 'POST', url: '/trpc/auth.login', remoteAddress: '127.0.0.1' });
    // A failing procedure's own error line carries the id too.
    await app.inject({ method: 'GET', url: '/ops-test/bug', headers: { 'x-request-id': 'trace-bug-1' } });
    await doneLine(lines, 'trace-bug-1');
    const ofBug = lines.filter((l) => l.reqId === 'trace-bug-1');
    expect(ofBug.length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.msg === 'a bug' || /bug/.test(JSON.stringify(l))).every((l) => l.reqId)).toBe(true);
  });

  it('logs a read at debug, a change and a refusal at info, a server error at error', async () => {
    const { app, lines } = await build();
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, line: await doneLine(lines, String(res.headers['x-request-id'])) };
    };
    // A tRPC query (a GET, batched or not) is a read.
    const query = await call('GET', '/trpc/auth.me,auth.me?batch=1&input=%7B%7D');
    expect(query.status).toBe(200);
    expect(query.line.level).toBe(DEBUG);
    expect((await call('GET', '/healthz')).line.level).toBe(DEBUG);
    // A mutation is a change someone made.
    const mutation = await call('POST', '/trpc/auth.login', { username: 'ops.admin', password: PASSWORD });
    expect(mutation.status).toBe(200);
    expect(mutation.line.level).toBe(INFO);
    expect(mutation.line.res).toEqual({ statusCode: 200 });
    const refused = await call('GET', '/trpc/teams.list?input=%7B%7D');
    expect(refused.status).toBe(401);
    expect(refused.line.level).toBe(INFO);
    const bug = await call('GET', '/ops-test/bug');
    expect(bug.status).toBe(500);
    expect(bug.line.level).toBe(ERROR);
    // Fastify's two info lines per request are gone.
    expect(lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
  });

  it('keeps reads out of the log at LOG_LEVEL=info, and mutations and errors in', async () => {
    const { app, lines } = await build({ LOG_LEVEL: 'info' });
    const read = await app.inject({ method: 'GET', url: '/trpc/auth.me?input=%7B%7D' });
    const write = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username: 'ops.admin', password: PASSWORD },
    });
    await doneLine(lines, String(write.headers['x-request-id']));
    expect(lines.some((l) => l.reqId === read.headers['x-request-id'])).toBe(false);
    expect(lines.every((l) => l.level >= INFO)).toBe(true);
  });
});
