/**
 * The session cache's own rules on one database (session-cache.ts; the two-process behaviour is in
 * session-cache.postgres.test.ts): it keeps nothing while not listening, keeps a read while listening, drops a
 * user's sessions when told, and does not keep a read that an announcement overtook.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SessionCache } from '../../server/modules/auth/session-cache';
import { setUpDemoCity } from './helpers/demo-city';
import { signedIn } from './helpers/signed-in';

describe('the session cache', () => {
  const demo = setUpDemoCity();
  const endByHand = (tokenHash: string) =>
    demo.handle.db.execute(sql`delete from sessions where token_hash = ${tokenHash}`);

  it('keeps nothing until it listens, then keeps a read until the user is announced', async () => {
    const ctx = await signedIn(demo.handle, demo.users.dispatcher.username);
    const token = ctx.user.sessionTokenHash;
    const cache = new SessionCache(demo.handle.db, 60_000);
    const now = new Date();
    expect(await cache.userOf(token, now)).toMatchObject({ id: ctx.user.id });
    cache.connection(true);
    expect(await cache.userOf(token, now)).toMatchObject({ id: ctx.user.id });
    await endByHand(token);
    // Kept: nobody announced the row's removal.
    expect(await cache.userOf(token, now)).toMatchObject({ id: ctx.user.id });
    cache.heard(ctx.user.id);
    expect(await cache.userOf(token, now)).toBeNull();
  });

  it('does not keep a read an announcement overtook, nor anything across a lost connection', async () => {
    const ctx = await signedIn(demo.handle, demo.users.manager.username);
    const token = ctx.user.sessionTokenHash;
    const cache = new SessionCache(demo.handle.db, 60_000);
    cache.connection(true);
    const now = new Date();
    const reading = cache.userOf(token, now);
    cache.heard(ctx.user.id);
    expect(await reading).toMatchObject({ id: ctx.user.id });
    await endByHand(token);
    expect(await cache.userOf(token, now)).toBeNull();

    const again = await signedIn(demo.handle, demo.users.manager.username);
    const next = again.user.sessionTokenHash;
    expect(await cache.userOf(next, now)).toMatchObject({ id: ctx.user.id });
    cache.connection(false);
    cache.connection(true);
    await endByHand(next);
    expect(await cache.userOf(next, now)).toBeNull();
  });
});
