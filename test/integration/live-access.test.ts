/**
 * A long-open live stream re-checks its session (issue #19): signing out, being deactivated or removed from a
 * team takes effect on a stream that is already open, not only on the next request. LIVE_RECHECK_MS=0 makes
 * the stream re-check before every event, so "the change came after the removal" is decided by the order of
 * the steps, not by how fast the machine is; the stream ends by itself on its timer, waited for as a state.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { userTeams } from '../../drizzle/schema';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { createCaller } from '../../server/trpc/root';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';
import { boardChanges, opened } from './helpers/live-stream';
import { signedIn } from './helpers/signed-in';

const EVERY_EVENT = { LIVE_RECHECK_MS: 0 };

describe('a live stream that outlives its session or team', () => {
  const demo = setUpDemoCity();
  const { pin, otherTeam, dispatcherOf } = boardChanges(demo);

  it('signing out ends the open stream; so does the admin deactivating the user', async () => {
    const ctx = await signedIn(demo.handle, 'dispatcher', { env: EVERY_EVENT });
    const stream = await opened(createCaller(ctx).live.board({}));
    const pinned = await pin(demo.teamId);
    expect((await stream.next())[1]).toMatchObject({ entityId: pinned });
    await createCaller(ctx).auth.logout();
    // A change of the team after the sign-out: not delivered, the stream ends instead.
    await pin(demo.teamId);
    await stream.ended();

    const { id, ctx: other } = await dispatcherOf('live-deactivated', [demo.teamId], EVERY_EVENT);
    const second = await opened(createCaller(other).live.board({ teamIds: [demo.teamId] }));
    const pinnedAgain = await pin(demo.teamId);
    expect((await second.next())[1]).toMatchObject({ entityId: pinnedAgain });
    await createCaller(makeContext(demo.handle, demo.users.admin)).admin.setUserActive({ userId: id, active: false });
    // No event is needed: the stream's own re-check finds the session gone.
    await second.ended();
  }, 90_000);

  it("removed from a team mid-stream: that team's later events stop, the other team's still come", async () => {
    const teamB = await otherTeam();
    const { id, ctx } = await dispatcherOf('live-two-teams', [demo.teamId, teamB], EVERY_EVENT);
    const stream = await opened(createCaller(ctx).live.board({}));
    const seen: LiveEvent[] = [];
    const until = async (entityId: string) => {
      while (!seen.some((e) => e.entityId === entityId)) seen.push((await stream.next())[1]);
    };
    const beforeA = await pin(demo.teamId);
    const beforeB = await pin(teamB);
    await until(beforeB);
    expect(seen.map((e) => e.entityId)).toContain(beforeA);

    // Taken off team A directly in the database (as another app process's admin change would be).
    await demo.handle.db.delete(userTeams).where(and(eq(userTeams.userId, id), eq(userTeams.teamId, demo.teamId)));
    const afterA = await pin(demo.teamId);
    const afterB = await pin(teamB);
    seen.length = 0;
    await until(afterB);
    expect(seen.map((e) => e.entityId)).not.toContain(afterA);
    expect(seen.every((e) => e.teamId === teamB)).toBe(true);
    await stream.close();
  }, 90_000);
});
