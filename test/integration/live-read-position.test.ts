/**
 * The gap between a page's first read and its stream: the boards' read goes out before the stream opens, and a
 * change committed in between reached the page only with the team's next event. Each read the live pages start
 * from answers `liveFrom` (the audit position taken before its SELECTs); the page opens its stream with it as
 * `lastEventId` and the stream replays what was committed after it. Without it (main before this test) the
 * stream opened after the change sends nothing: these tests wait for "no event" and fail.
 */
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../../server/modules/audit/audit.service';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { RESYNC } from '../../server/modules/live/live.service';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { boardChanges, opened, type Tracked } from './helpers/live-stream';
import { signedIn } from './helpers/signed-in';

const TOMORROW = addDays(TODAY, 1);

/** The events of a stream until `entityId`'s has come (it must come: `next` fails on a hang). */
async function until(stream: { next: () => Promise<Tracked> }, entityId: string): Promise<LiveEvent[]> {
  const got: LiveEvent[] = [];
  while (!got.some((e) => e.entityId === entityId)) got.push((await stream.next())[1]);
  return got;
}

describe("a page's stream starts where its first read stood", () => {
  const demo = setUpDemoCity();
  const { pin, otherTeam, dispatcherOf } = boardChanges(demo);

  it('read the board, another user commits, the stream opened with the read position brings the change', async () => {
    const b = createCaller(await signedIn(demo.handle, 'dispatcher'));
    // Nobody watches the log in this process: the position is the log's end (one statement).
    const day = await b.dispatch.day({ teamId: demo.teamId, date: TOMORROW });
    expect(day.liveFrom).toMatch(/^\d+$/);
    const pinned = await pin(demo.teamId);
    expect(day.visits.find((v) => v.id === pinned)?.pinned).toBe(false);

    const stream = await opened(b.live.board({ teamIds: [demo.teamId], lastEventId: day.liveFrom }));
    const got = await until(stream, pinned);
    expect(got.every((e) => e.teamId === demo.teamId)).toBe(true);

    // While a stream is open the position is the watch's cursor (no statement): the same gap, closed the same way.
    const week = await b.dispatch.teamDays({ teamIds: [demo.teamId], from: TOMORROW, days: 1 });
    const page = await b.dispatch.teamsPage({ date: TOMORROW, page: 1 });
    const crews = await b.crews.day({ teamId: demo.teamId, date: TOMORROW });
    const next = await pin(demo.teamId);
    await until(stream, next);
    await stream.close();
    for (const liveFrom of [week.liveFrom, page.days[0]?.liveFrom as string]) {
      const s = await opened(b.live.board({ teamIds: [demo.teamId], lastEventId: liveFrom }));
      await until(s, next);
      await s.close();
    }
    // The crews screen's stream (the board stream of its one team) replays the same way.
    const team = await opened(b.live.board({ teamIds: [demo.teamId], lastEventId: crews.liveFrom }));
    const [id, event] = await team.next();
    expect(id).toMatch(/^\d+$/);
    expect(event).toMatchObject({ teamId: demo.teamId, entityId: next, action: 'visit.pin' });
    await team.close();
  }, 120_000);

  it("a position from before another team's changes replays only the caller's team", async () => {
    const teamB = await otherTeam();
    const asB = createCaller((await dispatcherOf('read-position-b', [teamB])).ctx);
    const day = await asB.dispatch.day({ teamId: teamB, date: TOMORROW });
    const pinnedA = await pin(demo.teamId);
    const pinnedB = await pin(teamB);
    // Both the board's own teams and "every team I see": A's change (the older entry) never reaches B.
    for (const input of [{ teamIds: [teamB] }, {}]) {
      const s = await opened(asB.live.board({ ...input, lastEventId: day.liveFrom }));
      const got = await until(s, pinnedB);
      expect(got.map((e) => e.entityId)).not.toContain(pinnedA);
      expect(got.every((e) => e.teamId === teamB)).toBe(true);
      await s.close();
    }
    // Naming the other team is refused before anything is read, position or not.
    await expect(asB.live.board({ teamIds: [demo.teamId], lastEventId: day.liveFrom })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  }, 120_000);

  it('a position more than 200 changes back makes the page reload (RESYNC), not replay them', async () => {
    const b = createCaller(await signedIn(demo.handle, 'dispatcher'));
    const day = await b.dispatch.day({ teamId: demo.teamId, date: TOMORROW });
    await demo.handle.db.transaction(async (tx) => {
      for (let i = 0; i < 201; i++) {
        await appendAudit(tx, {
          actorUserId: demo.users.admin.id,
          teamId: demo.teamId,
          action: 'visit.note',
          entityType: 'visit',
          entityId: `bulk-${i}`,
          at: new Date(),
        });
      }
    });
    for (const input of [{ teamIds: [demo.teamId] }, {}]) {
      const s = await opened(b.live.board({ ...input, lastEventId: day.liveFrom }));
      expect((await s.next())[1]).toEqual(RESYNC);
      await s.close();
    }
  }, 120_000);

  it('a hostile position is answered RESYNC or refused naming the field, never a server error', async () => {
    const b = createCaller(await signedIn(demo.handle, 'dispatcher'));
    const future = '999999999999999';
    for (const lastEventId of ['\u0000', '1\u00002', '-1', '1e99', '0x10', ' 12', future, '9'.repeat(40)]) {
      const s = await opened(b.live.board({ teamIds: [demo.teamId], lastEventId }));
      expect((await s.next())[1], JSON.stringify(lastEventId)).toEqual(RESYNC);
      await s.close();
    }
    for (const stream of [
      () => b.live.board({ lastEventId: '9'.repeat(41) }),
      () => b.live.board({ lastEventId: 12 as unknown as string }),
    ]) {
      await expect(stream()).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/lastEventId/),
      });
    }
  }, 120_000);
});
