/**
 * Each app process keeps a session it read for SESSION_CACHE_MS (auth/session-cache.ts). Two processes on one
 * database — A built here, B a real `server/main.ts` — both keeping sessions for 10 minutes, so that what ends a
 * kept session within this test can only be the announcement (or the loss of the LISTEN connection): a sign-out
 * or a deactivation on A ends the session on B; what nobody announces stays kept, until the bound (A's clock,
 * moved by the test) or a lost LISTEN connection; a session still ends at its expiry.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../server/env';
import { buildHttpServer } from '../../server/http';
import { type AppProcess, freePort, startApp } from '../bench/api/processes';
import { setUpDemoCity } from './helpers/demo-city';
import { HTTP_APP_SECRET, signInOver } from './helpers/http-app';

const KEEP_MS = 600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sessions kept per process, ended on every process', () => {
  const demo = setUpDemoCity();
  let url: string;
  let b: AppProcess;
  /** A's clock runs this far ahead of the wall clock. */
  let ahead = 0;
  const apps: FastifyInstance[] = [];
  let a: FastifyInstance;

  /** An app built in this process on the test's database, keeping sessions for `keepMs` by A's clock. */
  const appHere = async (keepMs: number) => {
    const app = await buildHttpServer({
      db: demo.handle.db,
      dbKind: demo.handle.kind,
      env: loadEnv({
        DATA_DIR: '/tmp/doorstep-test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: url,
        SESSION_CACHE_MS: String(keepMs),
        SESSION_TTL_HOURS: '0.05',
      } as NodeJS.ProcessEnv),
      log: pino({ level: 'silent' }),
      sessionSecret: HTTP_APP_SECRET,
      clientDir: '/nonexistent',
      now: () => new Date(Date.now() + ahead),
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    const result = await demo.handle.db.execute(sql`select current_database() as db`);
    const [row] = (result as unknown as { rows: Array<{ db: string }> }).rows;
    url = `postgres://postgres:postgres@127.0.0.1:5432/${row?.db}`;
    a = await appHere(KEEP_MS);
    b = await startApp({
      port: await freePort(),
      databaseUrl: url,
      sessionSecret: HTTP_APP_SECRET,
      env: { SESSION_CACHE_MS: String(KEEP_MS) },
    });
  }, 240_000);
  afterAll(async () => {
    await b?.stop();
    for (const app of apps) await app.close();
  });

  const meOn = {
    a: async (cookie: string, app = a) => {
      const res = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      return (res.json() as { result: { data: { username: string } | null } }).result.data;
    },
    b: async (cookie: string) => {
      const res = await fetch(`http://127.0.0.1:${b.port}/trpc/auth.me`, { headers: { cookie } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { result: { data: { username: string } | null } }).result.data;
    },
  };
  /** B's answer until it says no one is signed in (the test's timeout bounds it, far below KEEP_MS). */
  const untilSignedOutOnB = async (cookie: string) => {
    while ((await meOn.b(cookie)) !== null) await sleep(50);
  };
  const post = (path: string, cookie: string, payload: Record<string, unknown> = {}) =>
    a.inject({ method: 'POST', url: `/trpc/${path}`, headers: { cookie }, payload });

  it('ends on process B when the user signs out on process A', async () => {
    ahead = 0;
    const { cookie } = await signInOver(a, demo.users.dispatcher.username);
    expect(await meOn.b(cookie)).toMatchObject({ username: demo.users.dispatcher.username });
    expect(await meOn.b(cookie)).toMatchObject({ username: demo.users.dispatcher.username });
    expect(await meOn.a(cookie)).toMatchObject({ username: demo.users.dispatcher.username });
    expect((await post('auth.logout', cookie)).statusCode).toBe(200);
    // A, which signed out, never answers with the session again.
    expect(await meOn.a(cookie)).toBeNull();
    await untilSignedOutOnB(cookie);
    expect(await meOn.b(cookie)).toBeNull();
  }, 60_000);

  it('ends on process B when an admin on process A deactivates the user', async () => {
    ahead = 0;
    const manager = demo.users.manager;
    const { cookie } = await signInOver(a, manager.username);
    const admin = await signInOver(a, demo.users.admin.username);
    expect(await meOn.b(cookie)).toMatchObject({ username: manager.username });
    const off = await post('admin.setUserActive', admin.cookie, { userId: manager.id, active: false });
    expect(off.statusCode).toBe(200);
    await untilSignedOutOnB(cookie);
    expect(await meOn.a(cookie)).toBeNull();
    // Reactivated, the old session stays ended (deactivation deleted it) on both.
    expect((await post('admin.setUserActive', admin.cookie, { userId: manager.id, active: true })).statusCode).toBe(
      200,
    );
    expect(await meOn.b(cookie)).toBeNull();
  }, 60_000);

  it('keeps what nobody announces until the bound, and nothing across a lost LISTEN connection', async () => {
    ahead = 0;
    const short = await appHere(5000);
    const agent = demo.users.agent.username;
    const { cookie } = await signInOver(a, agent);
    expect(await meOn.a(cookie, short)).toMatchObject({ username: agent });
    expect(await meOn.b(cookie)).toMatchObject({ username: agent });
    // The session row removed by hand: no writer announced it.
    await demo.handle.db.execute(
      sql`delete from sessions where user_id = (select id from users where username = ${agent})`,
    );
    expect(await meOn.a(cookie, short)).toMatchObject({ username: agent });
    expect(await meOn.b(cookie)).toMatchObject({ username: agent });
    // 5 s later by the app's clock the short-keeping app reads the session again.
    ahead = 5000;
    expect(await meOn.a(cookie, short)).toBeNull();
    // B keeps it for 10 minutes, unless its LISTEN connection is lost: then it keeps nothing it had.
    await demo.handle.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and query like 'listen %' and pid <> pg_backend_pid()`,
    );
    await untilSignedOutOnB(cookie);
    expect(await meOn.b(cookie)).toBeNull();
  }, 60_000);

  it('ends a kept session at its expiry', async () => {
    ahead = 0;
    const { cookie } = await signInOver(a, demo.users.dispatcher.username);
    expect(await meOn.a(cookie)).toMatchObject({ username: demo.users.dispatcher.username });
    ahead = 179_000;
    expect(await meOn.a(cookie)).toMatchObject({ username: demo.users.dispatcher.username });
    ahead = 181_000;
    expect(await meOn.a(cookie)).toBeNull();
  }, 60_000);
});
