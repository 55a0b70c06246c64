import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createTestDb } from './helpers/db';
import { seedDemoUsers } from './helpers/demo';
import { httpApp, signInOver } from './helpers/http-app';

describe('a form’s field messages are written for people, in their language', () => {
  let handle: DbHandle;
  let app: FastifyInstance;
  let cookie: string;
  let agentCookie: string;

  const createUser = (locale: string, fields: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/trpc/admin.createUser',
      headers: { cookie, 'x-doorstep-locale': locale },
      payload: { idempotencyKey: `validation-${Math.random()}`, role: 'dispatcher', teamIds: [], ...fields },
    });

  beforeAll(async () => {
    handle = await createTestDb();
    await seedDemoUsers(handle);
    app = await httpApp(handle);
    cookie = (await signInOver(app, 'admin')).cookie;
    agentCookie = (await signInOver(app, 'agent')).cookie;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('Chinese: lengths in characters, an empty field, a wrong choice — no schema jargon', async () => {
    const res = await createUser('zh-CN', { username: 'x', displayName: '', password: 'short', role: 'boss' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.data.fieldErrors as Record<string, string>;
    expect(fields).toEqual({
      username: '至少需要 3 个字符',
      displayName: '不能为空',
      password: '至少需要 10 个字符',
      role: '请从给出的选项中选择',
    });
  });

  it('English: the same fields in plain words', async () => {
    const res = await createUser('en', { username: 'x'.repeat(40), displayName: '', password: 'short', role: 'boss' });
    const fields = res.json().error.data.fieldErrors as Record<string, string>;
    expect(fields).toEqual({
      username: 'must be at most 32 characters',
      displayName: 'must not be empty',
      password: 'must be at least 10 characters',
      role: 'must be one of the options offered',
    });
  });

  it('a field left out is required, whatever its type; a wrong type says what is expected', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/admin.createUser',
      headers: { cookie, 'x-doorstep-locale': 'zh-CN' },
      payload: { idempotencyKey: 'validation-types-1', username: 'valid.name', password: 12 },
    });
    const fields = res.json().error.data.fieldErrors as Record<string, string>;
    expect(fields).toEqual({ displayName: '不能为空', password: '必须是文本', role: '不能为空' });
  });

  it('a schema’s own rule (a promise needs an amount and a date) is written in the caller’s language too', async () => {
    const promise = (locale: string) =>
      app.inject({
        method: 'POST',
        url: '/trpc/field.recordOutcome',
        headers: { cookie: agentCookie, 'x-doorstep-locale': locale },
        payload: {
          visitId: '8b9f0a52-5d0e-4c4b-9a51-3f1f0c1d2e3f',
          clientId: 'validation-promise-1',
          code: 'promise_to_pay',
          idShown: true,
        },
      });
    const zh = await promise('zh-CN');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.data.fieldErrors).toEqual({
      promisedAmountCents: '请填写承诺金额',
      promisedDate: '请填写承诺还款日期或还款计划',
    });
    const en = await promise('en');
    expect(en.json().error.data.fieldErrors).toEqual({
      promisedAmountCents: 'enter the promised amount',
      promisedDate: 'enter the promised date or a plan',
    });
  });
});
