import type { TRPCError } from '@trpc/server';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { DEMO_PASSWORD } from '../../shared/demo';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';
import { httpApp, signInOver } from './helpers/http-app';

describe('sign-in hygiene: deactivated accounts and their sessions', () => {
  const demo = setUpDemoCity();
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await httpApp(demo.handle);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const admin = () => createCaller(makeContext(demo.handle, demo.users.admin));
  const setActive = (userId: string, active: boolean) => admin().admin.setUserActive({ userId, active });
  const sessionsOf = async (userId: string) => {
    const [row] = await demo.handle.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
    return row?.n ?? 0;
  };

  async function signInOverHttp(username: string): Promise<string> {
    const { res, cookie } = await signInOver(app, username);
    expect(res.statusCode).toBe(200);
    return cookie;
  }
  const whoIs = async (cookie: string) =>
    (await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } })).json().result.data;

  it('a deactivated account with the right password is refused exactly like an unknown username', async () => {
    await setActive(demo.users.manager.id, false);
    const ctx = makeContext(demo.handle, null, { ip: '198.51.100.20' });
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
    await setActive(demo.users.manager.id, true);
  });

  it('reactivating an account does not revive the sessions it had when it was deactivated', async () => {
    const cookie = await signInOverHttp('dispatcher');
    expect((await whoIs(cookie))?.username).toBe('dispatcher');

    await setActive(demo.users.dispatcher.id, false);
    expect(await whoIs(cookie)).toBeNull();
    expect(await sessionsOf(demo.users.dispatcher.id)).toBe(0);

    await setActive(demo.users.dispatcher.id, true);
    expect(await whoIs(cookie)).toBeNull();
    // Signing in again works and gives a new session.
    expect((await whoIs(await signInOverHttp('dispatcher')))?.username).toBe('dispatcher');
  });

  it('a sign-in racing a deactivation leaves no session behind, whichever finishes first', async () => {
    const agent = demo.users.agent;
    // Each round starts the deactivation a little later, so that some land while the password is checked.
    for (let round = 0; round < 16; round++) {
      await setActive(agent.id, true);
      const ctx = makeContext(demo.handle, null, { ip: `198.51.100.${100 + round}` });
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
