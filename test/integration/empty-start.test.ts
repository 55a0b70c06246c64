import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { agents, cases, teams, users } from '../../drizzle/schema';
import { type DbHandle, openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { firstStart } from '../../server/db/seed/first-start';
import { loadEnv } from '../../server/env';
import { createCaller } from '../../server/trpc/root';
import { createTestDb, makeContext, TEST_DB_KIND } from './helpers/db';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * A database as `npm start` opens it: on PGlite a fresh data directory (reopened for the second start, as a
 * restart would); on PostgreSQL a scratch database.
 */
// A fresh PGlite directory is initdb plus every migration (about 11 s of CPU alone; over 60 s in a loaded CI run).
async function freshStore(): Promise<{ open: () => Promise<DbHandle>; drop: () => Promise<void> }> {
  if (TEST_DB_KIND === 'postgres') {
    const handle = await createTestDb();
    return { open: async () => ({ ...handle, close: async () => {} }), drop: () => handle.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-empty-'));
  dirs.push(dir);
  return {
    open: async () => {
      const handle = await openDb({ dataDir: dir });
      await runMigrations(handle);
      return handle;
    },
    drop: async () => {},
  };
}

async function counts(handle: DbHandle) {
  const n = async (t: typeof teams | typeof agents | typeof cases | typeof users) =>
    (await handle.db.select({ n: count() }).from(t))[0]?.n ?? 0;
  return { teams: await n(teams), agents: await n(agents), cases: await n(cases), users: await n(users) };
}

const envOf = (vars: Record<string, string>) =>
  loadEnv({ DATA_DIR: '/tmp/unused', LOG_LEVEL: 'silent', ...vars } as NodeJS.ProcessEnv);

describe('DEMO_DATA=off: an empty organisation with one admin', () => {
  it('with ADMIN_USERNAME and ADMIN_PASSWORD: no teams, agents or cases; the admin signs in with that password', async () => {
    const store = await freshStore();
    const env = envOf({ DEMO_DATA: 'off', ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'a-long-secret-9' });
    const printed: string[] = [];
    const handle = await store.open();
    expect(await firstStart(handle.db, env, (t) => printed.push(t))).toEqual({
      kind: 'empty',
      username: 'boss',
      generated: false,
    });
    expect(await counts(handle)).toEqual({ teams: 0, agents: 0, cases: 0, users: 1 });
    expect(printed.join('')).not.toContain('a-long-secret-9');
    const me = await createCaller(makeContext(handle, null)).auth.login({
      username: 'boss',
      password: 'a-long-secret-9',
    });
    expect(me.role).toBe('admin');
    expect(me.mustChangePassword).toBe(false);
    await handle.close();

    // A restart writes nothing and prints nothing.
    const again = await store.open();
    expect(await firstStart(again.db, env, (t) => printed.push(t))).toEqual({ kind: 'existing' });
    expect(await counts(again)).toEqual({ teams: 0, agents: 0, cases: 0, users: 1 });
    expect(printed).toHaveLength(1);
    await again.close();
    await store.drop();
  }, 240_000);

  it('without a password: one is generated, printed once, and must be changed at the first sign-in', async () => {
    const store = await freshStore();
    const env = envOf({ DEMO_DATA: 'off' });
    expect(env.ADMIN_USERNAME).toBe('admin');
    const printed: string[] = [];
    const handle = await store.open();
    await firstStart(handle.db, env, (t) => printed.push(t));
    expect(printed).toHaveLength(1);
    const password = /with the password (\S+)/.exec(printed[0] ?? '')?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    const me = await createCaller(makeContext(handle, null)).auth.login({ username: 'admin', password });
    expect(me.mustChangePassword).toBe(true);
    await handle.close();

    const again = await store.open();
    await firstStart(again.db, env, (t) => printed.push(t));
    expect(printed).toHaveLength(1);
    expect((await counts(again)).users).toBe(1);
    await again.close();
    await store.drop();
  }, 240_000);

  it('refuses a weak ADMIN_PASSWORD or a bad DEMO_DATA at start, without repeating the password', () => {
    expect(() => envOf({ DEMO_DATA: 'off', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD: must be 10/);
    expect(() => envOf({ DEMO_DATA: 'off', ADMIN_PASSWORD: 'short' })).not.toThrow(/short"/);
    expect(() => envOf({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA: must be on or off/);
    expect(envOf({}).DEMO_DATA).toBe('on');
  });
});
