/**
 * A change committed while a board's stream is still starting (its LISTEN connection connecting, the audit watch's
 * first round not yet run) — as another app process's pin would be, announced by NOTIFY — reaches the stream.
 * Before the fix, the NOTIFY reached nobody and the first round took the new row for history: the board missed it.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../drizzle/schema';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { LIVE_CHANNEL } from '../../server/modules/live/live.bus';
import { createCaller } from '../../server/trpc/root';
import { setUpDemoCity } from './helpers/demo-city';
import { type Tracked, within } from './helpers/live-stream';
import { signedIn } from './helpers/signed-in';

describe('a live stream that is starting', () => {
  const demo = setUpDemoCity();

  it('gets the change another process commits and announces before its LISTEN is up', async () => {
    const result = await demo.handle.db.execute(sql`select current_database() as db`);
    const [row] = (result as unknown as { rows: Array<{ db: string }> }).rows;
    const url = `postgres://postgres:postgres@127.0.0.1:5432/${row?.db}`;
    // DATABASE_URL set: events travel by NOTIFY, as between production processes.
    const ctx = await signedIn(demo.handle, 'admin', { env: { DATABASE_URL: url } });
    const stream = (await createCaller(ctx).live.board({ teamIds: [demo.teamId] })) as AsyncIterable<Tracked>;
    const it = stream[Symbol.asyncIterator]();
    // The stream starts on its first read; the change is committed and announced right after, without waiting.
    const first = it.next();
    const entityId = 'committed-while-starting';
    await demo.handle.db.insert(auditLog).values({
      teamId: demo.teamId,
      action: 'visit.pin',
      entityType: 'visit',
      entityId,
      prevHash: 'start-test',
      hash: 'start-test-1',
    });
    const event: LiveEvent = { teamId: demo.teamId, action: 'visit.pin', entityType: 'visit', entityId, at: '' };
    await demo.handle.db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`);

    const got = await within(first, 30_000, 'no event');
    expect(got.done).toBe(false);
    expect(got.value?.[1]).toMatchObject({ teamId: demo.teamId, entityId, action: 'visit.pin' });
    await it.return?.(undefined);
  }, 90_000);
});
