import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { DEMO_PASSWORD } from '../../shared/demo';
import { createTestDb } from './helpers/db';
import { seedDemoUsers } from './helpers/demo';
import { httpApp, signInOver } from './helpers/http-app';

const CHOSEN_BY_ADMIN = 'chosen-by-the-admin';
const OWN = 'my-own-secret-words';

describe('first sign-in: a password an admin chose must be replaced before anything else', () => {
  let handle: DbHandle;
  let app: FastifyInstance;
  let adminCookie: string;
  let userId: string;

  const call = (method: 'GET' | 'POST', path: string, cookie: string, input: unknown = {}, locale = 'en') =>
    app.inject({
      method,
      url: method === 'GET' ? `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `/trpc/${path}`,
      headers: { cookie, 'x-doorstep-locale': locale },
      ...(method === 'POST' ? { payload: input as Record<string, unknown> } : {}),
    });
  const signIn = (username: string, password: string) => signInOver(app, username, password);

  beforeAll(async () => {
    handle = await createTestDb();
    await seedDemoUsers(handle);
    app = await httpApp(handle);
    adminCookie = (await signIn('admin', DEMO_PASSWORD)).cookie;
    const teams = (await call('GET', 'admin.teams', adminCookie)).json().result.data as Array<{ id: string }>;
    const created = await call('POST', 'admin.createUser', adminCookie, {
      idempotencyKey: 'first-sign-in-create',
      username: 'first.sign',
      displayName: '首登调度',
      password: CHOSEN_BY_ADMIN,
      role: 'dispatcher',
      teamIds: [teams[0]?.id],
    });
    userId = created.json().result.data.id;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('a new account signs in, is told to choose a password, and may do nothing else meanwhile', async () => {
    const { res, cookie } = await signIn('first.sign', CHOSEN_BY_ADMIN);
    expect(res.json().result.data.mustChangePassword).toBe(true);
    expect((await call('GET', 'auth.me', cookie)).json().result.data.mustChangePassword).toBe(true);
    const refused = await call('GET', 'teams.list', cookie, undefined, 'zh-CN');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.data.appCode).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(refused.json().error.message).toMatch(/新密码/);
    expect((await call('GET', 'dispatch.day', cookie, { teamId: userId })).statusCode).toBe(403);
  });

  it('the file routes outside tRPC (evidence, the agent’s photo) refuse it the same way', async () => {
    const { cookie } = await signIn('first.sign', CHOSEN_BY_ADMIN);
    for (const url of [`/evidence/${userId}`, `/evidence/${userId}?download=1`, '/field/photo']) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie, 'x-doorstep-locale': 'zh-CN' } });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code, url).toBe('PASSWORD_CHANGE_REQUIRED');
      expect(res.json().error.message, url).toMatch(/新密码/);
    }
  });

  it('refuses a wrong current password and keeping the admin’s one, naming the field', async () => {
    const { cookie } = await signIn('first.sign', CHOSEN_BY_ADMIN);
    const wrong = await call('POST', 'auth.changePassword', cookie, { currentPassword: 'nope', newPassword: OWN });
    expect(wrong.json().error.data.appCode).toBe('CURRENT_PASSWORD_WRONG');
    expect(Object.keys(wrong.json().error.data.fieldErrors)).toEqual(['currentPassword']);
    const same = await call('POST', 'auth.changePassword', cookie, {
      currentPassword: CHOSEN_BY_ADMIN,
      newPassword: CHOSEN_BY_ADMIN,
    });
    expect(same.json().error.data.appCode).toBe('PASSWORD_UNCHANGED');
    expect(Object.keys(same.json().error.data.fieldErrors)).toEqual(['newPassword']);
  });

  it('after the change everything is open, the old password no longer signs in, other sessions ended', async () => {
    const other = await signIn('first.sign', CHOSEN_BY_ADMIN);
    const { cookie } = await signIn('first.sign', CHOSEN_BY_ADMIN);
    const changed = await call('POST', 'auth.changePassword', cookie, {
      currentPassword: CHOSEN_BY_ADMIN,
      newPassword: OWN,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().result.data.mustChangePassword).toBe(false);
    expect((await call('GET', 'teams.list', cookie)).statusCode).toBe(200);
    expect((await call('GET', 'auth.me', other.cookie)).json().result.data).toBeNull();
    expect((await signIn('first.sign', CHOSEN_BY_ADMIN)).res.statusCode).toBe(401);
    expect((await signIn('first.sign', OWN)).res.json().result.data.mustChangePassword).toBe(false);
  });

  it('the demo users are not asked', async () => {
    for (const name of ['admin', 'dispatcher', 'manager', 'agent']) {
      const { res } = await signIn(name, DEMO_PASSWORD);
      expect(res.json().result.data.mustChangePassword, name).toBe(false);
    }
  });

  it('an admin’s reset ends the user’s sessions and asks again at the next sign-in', async () => {
    const before = await signIn('first.sign', OWN);
    const reset = await call('POST', 'admin.resetPassword', adminCookie, {
      idempotencyKey: 'first-sign-in-reset',
      userId,
      password: 'temporary-from-admin',
    });
    expect(reset.statusCode).toBe(200);
    expect((await call('GET', 'auth.me', before.cookie)).json().result.data).toBeNull();
    const { res, cookie } = await signIn('first.sign', 'temporary-from-admin');
    expect(res.json().result.data.mustChangePassword).toBe(true);
    expect((await call('GET', 'teams.list', cookie)).statusCode).toBe(403);
    // Signing out is always possible.
    expect((await call('POST', 'auth.logout', cookie)).statusCode).toBe(200);
  });

  it('two sessions change the password at once: one wins and stays signed in, the other is told', async () => {
    const a = await signIn('first.sign', 'temporary-from-admin');
    const b = await signIn('first.sign', 'temporary-from-admin');
    const change = (cookie: string, i: number) =>
      call('POST', 'auth.changePassword', cookie, {
        currentPassword: 'temporary-from-admin',
        newPassword: `chosen-at-once-${i}`,
      });
    const answers = await Promise.all([change(a.cookie, 0), change(b.cookie, 1)]);
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const [winner, loser] = answers[0].statusCode === 200 ? [0, 1] : [1, 0];
    // The loser is told either way, never a 500: its current password is no longer right (400), or — when the
    // winner's change committed before the loser's request looked up its session — that session has ended (401).
    const lost = answers[loser];
    if (lost?.statusCode === 401) expect(lost.json().error.data.code).toBe('UNAUTHORIZED');
    else {
      expect(lost?.statusCode).toBe(400);
      expect(lost?.json().error.data.appCode).toBe('CURRENT_PASSWORD_WRONG');
    }
    // The winner's session and password are the ones that stand; the loser's session ended with the change.
    expect((await call('GET', 'teams.list', [a, b][winner]?.cookie as string)).statusCode).toBe(200);
    expect((await call('GET', 'auth.me', [a, b][loser]?.cookie as string)).json().result.data).toBeNull();
    expect((await signIn('first.sign', `chosen-at-once-${loser}`)).res.statusCode).toBe(401);
    expect((await signIn('first.sign', `chosen-at-once-${winner}`)).res.statusCode).toBe(200);
  });
});
