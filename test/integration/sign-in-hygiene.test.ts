import type { TRPCError } from '@trpc/server';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { buildHttpServer } from '../../server/http';
import { createCaller } from '../../server/trpc/root';
import { DEMO_PASSWORD } from '../../shared/demo';
import { createTestDb, makeContext, testEnv } from './helpers/db';
import { seedDemoUsers } from './helpers/demo';

type Users = Awaited<ReturnType<typeof seedDemoUsers>>;

describe('sign-in hygiene: deactivated accounts and their sessions', () => {
  let handle: DbHandle;
  let users: Users;
  let app: FastifyInstance;

  beforeAll(async () => {
    handle = await createTestDb();
    users = await seedDemoUsers(handle);
    app = await buildHttpServer({
      db: handle.db,
      dbKind: handle.kind,
      env: testEnv,
      log: pino({ level: 'silent' }),
      sessionSecret: 'sign-in-hygiene-secret-0123',
      clientDir: '/nonexistent',
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const admin = () => createCaller(makeContext(handle, users.admin));
  const setActive = (userId: string, active: boolean) => admin().admin.setUserActive({ userId, active });
  const sessionsOf = async (userId: string) => {
    const [row] = await handle.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
    return row?.n ?? 0;
  };

  async function signInOverHttp(username: string): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username, password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] as string;
  }
  const whoIs = async (cookie: string) =>
    (await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } })).json().result.data;

  it('a deactivated account with the right password is refused exactly like an unknown username', async () => {
    await setActive(users.manager.id, false);
    const ctx = makeContext(handle, null, { ip: '198.51.100.20' });
    const refused = (await createCaller(ctx)
      .auth.login({ username: 'manager', password: DEMO_PASSWORD })
      .catch((e: TRPCError) => e)) as TRPCError;
    const unknown = (await createCaller(ctx)
      .auth.login({ username: 'no-such-manager', password: DEMO_PASSWORD })
      .catch((e: TRPCError) => e)) as TRPCError;
    for (const err of [refused, unknown]) {
      expect(err.code).toBe('UNAUTHORIZED');
      expect(err.message).toBe('Wrong username or password.');
    }
    expect(ctx.cookieLog).toEqual([]);
    await setActive(users.manager.id, true);
  });

  it('reactivating an account does not revive the sessions it had when it was deactivated', async () => {
    const cookie = await signInOverHttp('dispatcher');
    expect((await whoIs(cookie))?.username).toBe('dispatcher');

    await setActive(users.dispatcher.id, false);
    expect(await whoIs(cookie)).toBeNull();
    expect(await sessionsOf(users.dispatcher.id)).toBe(0);

    await setActive(users.dispatcher.id, true);
    expect(await whoIs(cookie)).toBeNull();
    // Signing in again works and gives a new session.
    expect((await whoIs(await signInOverHttp('dispatcher')))?.username).toBe('dispatcher');
  });

  it('a sign-in racing a deactivation leaves no session behind, whichever finishes first', async () => {
    const agent = users.agent;
    // Each round starts the deactivation a little later, so that some land while the password is checked.
    for (let round = 0; round < 16; round++) {
      await setActive(agent.id, true);
      const ctx = makeContext(handle, null, { ip: `198.51.100.${100 + round}` });
      const signIn = createCaller(ctx)
        .auth.login({ username: 'agent', password: DEMO_PASSWORD })
        .then(
          () => 'OK',
          (e: TRPCError) => e.message,
        );
      await new Promise((r) => setTimeout(r, round * 4));
      await setActive(agent.id, false);
      expect(['OK', 'Wrong username or password.']).toContain(await signIn);
      expect(await sessionsOf(agent.id)).toBe(0);
    }
    await setActive(agent.id, true);
  });
});
