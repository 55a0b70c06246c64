import type { TRPCError } from '@trpc/server';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, users as usersTable } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { DEMO_PASSWORD } from '../../shared/demo';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';

async function auditCount(handle: DbHandle, action: string) {
  const [row] = await handle.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action));
  return row?.n ?? 0;
}

describe('sign-in, errors and audited, idempotent administration', () => {
  const demo = setUpDemoCity();

  it('signs in with the demo password, sets an httpOnly session cookie and audits it', async () => {
    const ctx = makeContext(demo.handle, null, { ip: '10.0.0.1' });
    const me = await createCaller(ctx).auth.login({ username: 'Dispatcher', password: DEMO_PASSWORD });
    expect(me.role).toBe('dispatcher');
    expect(me.teamIds).toHaveLength(1);
    expect(ctx.cookieLog[0]?.[0]).toBe('doorstep_session');
    expect(await auditCount(demo.handle, 'auth.login')).toBe(1);
  });

  it('refuses a wrong password in the caller’s language, then rate-limits after 5 failures', async () => {
    const ctx = makeContext(demo.handle, null, { ip: '10.0.0.2', locale: 'zh-CN' });
    const caller = createCaller(ctx);
    for (let i = 0; i < 5; i++) {
      const err = await caller.auth
        .login({ username: 'manager', password: 'wrong-password' })
        .catch((e: TRPCError) => e);
      expect((err as TRPCError).code).toBe('UNAUTHORIZED');
      expect((err as TRPCError).message).toBe('用户名或密码错误。');
    }
    const limited = await caller.auth
      .login({ username: 'manager', password: DEMO_PASSWORD })
      .catch((e: TRPCError) => e);
    expect((limited as TRPCError).code).toBe('TOO_MANY_REQUESTS');
    // Another address is not locked out by someone else's guessing.
    const other = createCaller(makeContext(demo.handle, null, { ip: '10.0.0.3' }));
    expect((await other.auth.login({ username: 'manager', password: DEMO_PASSWORD })).role).toBe('manager');
  });

  it('creates a user once per idempotency key, audited in the same transaction', async () => {
    const caller = createCaller(makeContext(demo.handle, demo.users.admin));
    const input = {
      idempotencyKey: 'create-user-0001',
      username: 'new.dispatcher',
      displayName: '新调度员',
      password: 'a-long-password',
      role: 'dispatcher' as const,
      teamIds: demo.users.dispatcher.teamIds,
    };
    const first = await caller.admin.createUser(input);
    const again = await caller.admin.createUser(input);
    const third = await caller.admin.createUser(input);
    expect(again.id).toBe(first.id);
    expect(third.id).toBe(first.id);
    const [row] = await demo.handle.db
      .select({ n: count() })
      .from(usersTable)
      .where(eq(usersTable.username, 'new.dispatcher'));
    expect(row?.n).toBe(1);
    expect(await auditCount(demo.handle, 'user.create')).toBe(1);
  });

  it('rejects bad input with per-field messages and writes nothing', async () => {
    const caller = createCaller(makeContext(demo.handle, demo.users.admin, { locale: 'zh-CN' }));
    const created = await auditCount(demo.handle, 'user.create');
    const err = await clientAnswer(
      demo.handle,
      caller.admin.createUser({
        idempotencyKey: 'create-user-0002',
        username: 'x',
        displayName: '',
        password: 'short',
        role: 'manager',
        teamIds: [],
      }),
      'zh-CN',
    );
    expect(err.code).toBe('BAD_REQUEST');
    // Each bad field is named with its own message in the caller's language, not just "bad request".
    expect(err.fieldErrors).toEqual({
      username: '至少需要 3 个字符',
      displayName: '不能为空',
      password: '至少需要 10 个字符',
    });
    const taken = (await caller.admin
      .createUser({
        idempotencyKey: 'create-user-0003',
        username: 'manager',
        displayName: 'Dup',
        password: 'a-long-password',
        role: 'manager',
        teamIds: demo.users.manager.teamIds,
      })
      .catch((e: TRPCError) => e)) as TRPCError;
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toContain('manager');
    expect(await auditCount(demo.handle, 'user.create')).toBe(created);
  });

  it('does not let an admin deactivate themselves; deactivating another is audited', async () => {
    const caller = createCaller(makeContext(demo.handle, demo.users.admin));
    const self = await caller.admin
      .setUserActive({ userId: demo.users.admin.id, active: false })
      .catch((e: TRPCError) => e);
    expect((self as TRPCError).code).toBe('BAD_REQUEST');
    await caller.admin.setUserActive({ userId: demo.users.manager.id, active: false });
    expect(await auditCount(demo.handle, 'user.deactivate')).toBe(1);
    const err = await createCaller(makeContext(demo.handle, null, { ip: '10.0.0.9' }))
      .auth.login({ username: 'manager', password: DEMO_PASSWORD })
      .catch((e: TRPCError) => e);
    expect((err as TRPCError).code).toBe('UNAUTHORIZED');
  });
});
