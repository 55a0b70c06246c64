import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../drizzle/schema';
import { type DbHandle, openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { isDatabaseUnavailable } from '../../server/db/unavailable';
import { hashPassword } from '../../server/modules/auth/password';
import { createScratchDatabase } from '../helpers/scratch-database';
import { httpApp, signInOver } from './helpers/http-app';

const PASSWORD = 'a-long-test-password';

// PostgreSQL only (a *.postgres.test.ts file): an embedded database cannot go away under the server.
describe('while PostgreSQL refuses connections, tRPC answers 503 with Retry-After', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let name: string;
  let handle: DbHandle;
  let app: FastifyInstance;
  let admin: pg.Client;
  let cookie: string;

  /** Refuses new connections to the scratch database and ends the open ones (as a failover or restart does). */
  const takeDown = async () => {
    await admin.query(`alter database ${name} allow_connections false`);
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
  };
  const bringBack = () => admin.query(`alter database ${name} allow_connections true`);

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL as string;
    scratch = await createScratchDatabase(serverUrl, 'doorstep_down');
    name = new URL(scratch.url).pathname.slice(1);
    handle = await openDb({ databaseUrl: scratch.url, dataDir: 'unused' });
    await runMigrations(handle);
    await handle.db.insert(users).values({
      username: 'down.admin',
      displayName: 'Down admin',
      passwordHash: await hashPassword(PASSWORD),
      role: 'admin',
    });
    app = await httpApp(handle);
    const login = await signInOver(app, 'down.admin', PASSWORD);
    expect(login.res.statusCode).toBe(200);
    cookie = login.cookie;
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    await bringBack().catch(() => undefined);
    await admin?.end();
    await app?.close();
    await handle?.close();
    await scratch?.drop();
  });

  it('answers 503 (not 500) with Retry-After and a message in the caller’s language; 200 again once it is back', async () => {
    await takeDown();
    try {
      // Signed in: the session is looked up before any procedure runs.
      const me = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });
      expect(me.statusCode).toBe(503);
      expect(me.headers['retry-after']).toMatch(/^\d+$/);
      expect(me.json().error.data.appCode).toBe('DATABASE_UNAVAILABLE');
      expect(me.json().error.data.code).toBe('SERVICE_UNAVAILABLE');

      // Anonymous, failing inside the procedure; in Chinese when asked.
      const login = await app.inject({
        method: 'POST',
        url: '/trpc/auth.login',
        headers: { 'x-doorstep-locale': 'zh-CN' },
        payload: { username: 'down.admin', password: 'wrong-password' },
      });
      expect(login.statusCode).toBe(503);
      expect(login.headers['retry-after']).toMatch(/^\d+$/);
      expect(login.json().error.data.appCode).toBe('DATABASE_UNAVAILABLE');
      expect(login.json().error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(JSON.stringify(login.json())).not.toMatch(/not currently accepting|stack/);

      // Not ready (take it out of the balancer) but alive (do not restart it: a restart brings no database back).
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toMatch(/^\d+$/);
      expect(ready.json()).toMatchObject({ status: 'not ready', notReady: ['database'] });
      expect(ready.json().checks.database).toBe('unreachable');
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    } finally {
      await bringBack();
    }
    const back = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });
    expect(back.statusCode).toBe(200);
    expect(back.json().result.data.username).toBe('down.admin');
    expect(back.headers['retry-after']).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('tells a refused connection from an error in a query, on the real server', async () => {
    const queryError = await handle.db.execute(sql`select 1 / 0`).catch((err: unknown) => err);
    expect(queryError).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(queryError)).toBe(false);
    const duplicate = await handle.db
      .insert(users)
      .values({ username: 'down.admin', displayName: 'again', passwordHash: 'x', role: 'admin' })
      .catch((err: unknown) => err);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);

    await takeDown();
    try {
      const refused = await handle.db.execute(sql`select 1`).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(refused)).toBe(true);
    } finally {
      await bringBack();
    }
  });
});
