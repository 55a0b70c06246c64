/**
 * One live stream per board (issue #19): `live.board` carries the events of every team the caller sees (or of
 * the teams named, each checked), filtered on the server; a client that reconnects with the last event id gets
 * the changes it missed while the stream was down. Every stream here is a real signed-in session: an open
 * stream re-checks it (live-access.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { RESYNC } from '../../server/modules/live/live.service';
import { createCaller } from '../../server/trpc/root';
import { setUpDemoCity } from './helpers/demo-city';
import { boardChanges, opened } from './helpers/live-stream';
import { signedIn } from './helpers/signed-in';

describe('one live stream for a board of many teams', () => {
  const demo = setUpDemoCity();
  const { pin, otherTeam, dispatcherOf } = boardChanges(demo);

  it('two dispatchers of different teams each hear only their own team, though the other team changed first', async () => {
    const teamB = await otherTeam();
    const a = await opened(createCaller(await signedIn(demo.handle, 'dispatcher')).live.board({}));
    const asB = createCaller((await dispatcherOf('b-dispatcher', [teamB])).ctx);
    const b = await opened(asB.live.board({}));
    const admin = await opened(createCaller(await signedIn(demo.handle, 'admin')).live.board({}));
    const pinnedB = await pin(teamB);
    const pinnedA = await pin(demo.teamId);

    const [, heardA] = await a.next();
    expect(heardA).toMatchObject({ teamId: demo.teamId, entityId: pinnedA, action: 'visit.pin' });
    const [, heardB] = await b.next();
    expect(heardB).toMatchObject({ teamId: teamB, entityId: pinnedB, action: 'visit.pin' });
    // The admin sees every team: both changes, in the order they were made.
    expect((await admin.next())[1]).toMatchObject({ teamId: teamB, entityId: pinnedB });
    expect((await admin.next())[1]).toMatchObject({ teamId: demo.teamId, entityId: pinnedA });
    await Promise.all([a.close(), b.close(), admin.close()]);

    // Naming a team one does not see is refused as if it did not exist, and so is a list that hides one.
    await expect(asB.live.board({ teamIds: [demo.teamId] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asB.live.board({ teamIds: [teamB, demo.teamId] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);

  it('a reconnect with the last event id gets the change made while the stream was down', async () => {
    const caller = createCaller(await signedIn(demo.handle, 'dispatcher'));
    const first = await opened(caller.live.board({ teamIds: [demo.teamId] }));
    const before = await pin(demo.teamId);
    const [lastId, heard] = await first.next();
    expect(heard.entityId).toBe(before);
    expect(lastId).toMatch(/^\d+$/);
    await first.close();

    // Nobody listens now: this change is only in the audit log.
    const missed = await pin(demo.teamId);
    const again = await opened(caller.live.board({ teamIds: [demo.teamId], lastEventId: lastId }));
    const replayed: LiveEvent[] = [];
    while (!replayed.some((e) => e.entityId === missed)) replayed.push((await again.next())[1]);
    // The change heard before may come once more (its audit entry follows the id it was announced with).
    expect(replayed.every((e) => e.teamId === demo.teamId && [before, missed].includes(e.entityId))).toBe(true);
    await again.close();
  }, 60_000);

  it('an id it cannot resume from makes the board reload; a hostile one is refused naming the field', async () => {
    const caller = createCaller(await signedIn(demo.handle, 'dispatcher'));
    const s = await opened(caller.live.board({ lastEventId: 'unknown' }));
    expect((await s.next())[1]).toEqual(RESYNC);
    await s.close();
    await expect(caller.live.board({ lastEventId: '9'.repeat(41) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/lastEventId/),
    });
  }, 60_000);
});
