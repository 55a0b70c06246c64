import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD } from '@shared/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoScratchDatabase } from '../helpers/demo-template';
import { startServersOn, type TestServer } from './helpers/server';

/**
 * One tRPC call over HTTP as a client behind `address` would make it: the servers trust X-Forwarded-For from
 * loopback (TRUST_PROXY's default), as behind a reverse proxy on the same host. Answers OK or the error's code.
 */
async function call(
  server: TestServer,
  address: string,
  method: 'GET' | 'POST',
  path: string,
  input: unknown,
): Promise<string> {
  const query = method === 'GET' ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const res = await fetch(`${server.baseUrl}/trpc/${path}${query}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: method === 'POST' ? JSON.stringify(input) : undefined,
  });
  const body = (await res.json()) as { error?: { data?: { appCode?: string; httpStatus?: number } } };
  if (!body.error) return 'OK';
  expect(res.status, JSON.stringify(body)).toBeLessThan(500);
  return body.error.data?.appCode ?? `HTTP ${res.status}`;
}

function tally(answers: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) out[a] = (out[a] ?? 0) + 1;
  return out;
}

describe('rate limits shared by two server processes on one PostgreSQL database', () => {
  let scratch: Awaited<ReturnType<typeof createDemoScratchDatabase>>;
  const servers: TestServer[] = [];
  /** The process that answers the i-th request: A, B, A, B … */
  const nth = (i: number) => servers[i % 2] as TestServer;

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('*.postgres.test.ts files run only with TEST_DATABASE_URL (see vitest.config.ts)');
    scratch = await createDemoScratchDatabase(serverUrl, 'doorstep_limits');
    const env = { SESSION_SECRET: randomBytes(24).toString('hex') };
    servers.push(...(await startServersOn(scratch.url, 2, { seeded: scratch.seeded, env })));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await scratch?.drop();
  });

  it('wrong sign-ins for one account, sent to both processes at once: 5 are checked in all', async () => {
    const address = '203.0.113.10';
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(nth(i), address, 'POST', 'auth.login', { username: 'manager', password: 'wrong-password' }),
      ),
    );
    expect(tally(answers)).toEqual({ INVALID_CREDENTIALS: 5, LOGIN_RATE_LIMITED: 35 });
    // Neither process lets the right password through now; another address signs in.
    for (const server of servers) {
      expect(await call(server, address, 'POST', 'auth.login', { username: 'manager', password: DEMO_PASSWORD })).toBe(
        'LOGIN_RATE_LIMITED',
      );
    }
    expect(
      await call(nth(1), '203.0.113.11', 'POST', 'auth.login', { username: 'manager', password: DEMO_PASSWORD }),
    ).toBe('OK');
  });

  it('badge look-ups from one address, alternating between the processes: 30 are answered in all', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 40; i++)
      answers.push(await call(nth(i), '203.0.113.12', 'POST', 'verify.check', { code: 'ZZZZ33' }));
    expect(answers.slice(0, 30).every((a) => a === 'OK')).toBe(true);
    expect(tally(answers.slice(30))).toEqual({ VERIFY_RATE_LIMITED: 10 });
  });

  it('unknown slot-link tokens from one address, alternating between the processes: 20 are looked up in all', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 30; i++) {
      const token = `unknown-link-token-${String(i).padStart(4, '0')}`;
      answers.push(await call(nth(i), '203.0.113.13', 'GET', 'slots.offer', { token }));
    }
    expect(tally(answers.slice(0, 20))).toEqual({ SLOT_LINK_INVALID: 20 });
    expect(tally(answers.slice(20))).toEqual({ SLOT_LINK_RATE_LIMITED: 10 });
  });
});
