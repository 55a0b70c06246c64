import { TRPCError } from '@trpc/server';
import { count, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { DEMO_PASSWORD } from '../../shared/demo';
import { createTestDb, makeContext } from './helpers/db';
import { seedDemoUsers } from './helpers/demo';

/** What each call answered: OK, or the domain code of its error (a 500 shows as INTERNAL_SERVER_ERROR). */
async function answers(calls: Promise<unknown>[]): Promise<Record<string, number>> {
  const settled = await Promise.all(
    calls.map((p) =>
      p.then(
        () => 'OK',
        (e: unknown) =>
          e instanceof TRPCError ? ((e.cause as { code?: string } | undefined)?.code ?? e.code) : String(e),
      ),
    ),
  );
  const out: Record<string, number> = {};
  for (const a of settled) out[a] = (out[a] ?? 0) + 1;
  return out;
}

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const MINUTE = 60_000;

// The integration suite runs these on PGlite and, with TEST_DATABASE_URL, on PostgreSQL through a pool of ten
// connections: there the calls really run at the same time and only an atomic reservation keeps the count.
describe('rate limits: every attempt is reserved in the database before it is checked', () => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await createTestDb();
    await seedDemoUsers(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  const anonymous = (ip: string, now?: Date) => createCaller(makeContext(handle, null, { ip, now }));

  it('300 simultaneous wrong sign-ins for one account from one address: 5 are checked, the rest refused', async () => {
    const caller = anonymous('192.0.2.1');
    const result = await answers(times(300, () => caller.auth.login({ username: 'manager', password: 'wrong-pass' })));
    expect(result).toEqual({ INVALID_CREDENTIALS: 5, LOGIN_RATE_LIMITED: 295 });
    // The refused ones did not use up the address: a colleague in the same office still signs in.
    expect((await caller.auth.login({ username: 'dispatcher', password: DEMO_PASSWORD })).role).toBe('dispatcher');
  });

  it('300 simultaneous wrong sign-ins for many accounts from one address: 30 are checked, the rest refused', async () => {
    const caller = anonymous('192.0.2.2');
    const result = await answers(
      times(300, (i) => caller.auth.login({ username: `nobody-${i}`, password: 'wrong-pass' })),
    );
    expect(result).toEqual({ INVALID_CREDENTIALS: 30, LOGIN_RATE_LIMITED: 270 });
    // The counters' keys are stored hashed: no address or typed username in clear.
    const keys = (await handle.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.join(' ')).not.toMatch(/192\.0\.2|manager|nobody/);
  });

  it('100 unknown slot-link tokens at once from one address: 20 are looked up, the rest refused', async () => {
    const caller = anonymous('192.0.2.3');
    const result = await answers(
      times(100, (i) => caller.slots.offer({ token: `unknown-link-token-${String(i).padStart(4, '0')}` })),
    );
    expect(result).toEqual({ SLOT_LINK_INVALID: 20, SLOT_LINK_RATE_LIMITED: 80 });
  });

  it('100 badge look-ups at once from one address: 30 are answered, the rest refused', async () => {
    const caller = anonymous('192.0.2.4');
    const result = await answers(times(100, () => caller.verify.check({ code: 'ZZZZ33' })));
    expect(result).toEqual({ OK: 30, VERIFY_RATE_LIMITED: 70 });
  });

  it('a successful sign-in clears the account’s count and does not count against its address', async () => {
    const caller = anonymous('192.0.2.5');
    const wrong = () => caller.auth.login({ username: 'dispatcher', password: 'wrong-pass' });
    const right = () => caller.auth.login({ username: 'dispatcher', password: DEMO_PASSWORD });
    expect(await answers(times(4, wrong))).toEqual({ INVALID_CREDENTIALS: 4 });
    expect(await answers([right()])).toEqual({ OK: 1 });
    // Five more wrong ones are checked again; the sixth is refused.
    for (let i = 0; i < 5; i++) expect(await answers([wrong()])).toEqual({ INVALID_CREDENTIALS: 1 });
    expect(await answers([right()])).toEqual({ LOGIN_RATE_LIMITED: 1 });

    // An office behind one address signs in more often than 30 times in 15 minutes.
    const office = anonymous('192.0.2.6');
    for (let i = 0; i < 35; i++) {
      expect(await answers([office.auth.login({ username: 'agent', password: DEMO_PASSWORD })])).toEqual({ OK: 1 });
    }
  });

  it('tells how long to wait, lets the account try again when the window has passed, and clears old rows', async () => {
    const start = new Date(Date.now() + 60 * MINUTE);
    const at = (minutes: number) => anonymous('192.0.2.7', new Date(start.getTime() + minutes * MINUTE));
    for (let i = 0; i < 5; i++)
      await at(0)
        .auth.login({ username: 'manager', password: 'wrong-pass' })
        .catch(() => {});
    const limited = await at(10)
      .auth.login({ username: 'manager', password: DEMO_PASSWORD })
      .catch((e: TRPCError) => e);
    expect((limited as TRPCError).code).toBe('TOO_MANY_REQUESTS');
    expect((limited as TRPCError).message).toBe('Too many failed sign-in attempts. Try again in 5 minutes.');
    expect((await at(15).auth.login({ username: 'manager', password: DEMO_PASSWORD })).role).toBe('manager');

    // Half an hour on, rows whose window ended long ago are gone once any limit is used again.
    const windowsFrom = async (upTo: number) => {
      const [row] = await handle.db
        .select({ n: count() })
        .from(rateLimits)
        .where(lte(rateLimits.windowStart, new Date(start.getTime() + upTo * MINUTE)));
      return row?.n ?? 0;
    };
    expect(await windowsFrom(15)).toBeGreaterThan(0);
    await at(31).verify.check({ code: 'ZZZZ33' });
    expect(await windowsFrom(15)).toBe(0);
    expect(await windowsFrom(31)).toBe(1);
  });
});
