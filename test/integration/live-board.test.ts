/**
 * One live stream per board (issue #19): `live.board` carries the events of every team the caller sees (or of
 * the teams named, each checked), filtered on the server; a client that reconnects with the last event id gets
 * the changes it missed while the stream was down.
 */
import { and, eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { visits } from '../../drizzle/schema';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { RESYNC } from '../../server/modules/live/live.service';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';

const TOMORROW = addDays(TODAY, 1);
type Tracked = [id: string, event: LiveEvent];

/**
 * A stream, already listening (its first read is started here: the stream joins the bus on it), whose next event
 * must come within `ms` — a guard against a hang, not a timing check.
 */
async function opened(stream: Promise<unknown>) {
  const it = ((await stream) as AsyncIterable<Tracked>)[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<Tracked>> | null = it.next();
  return {
    next: async (ms = 10_000): Promise<Tracked> => {
      let timer: NodeJS.Timeout | undefined;
      const read = first ?? it.next();
      first = null;
      const r = await Promise.race([
        read,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no event in ${ms} ms`)), ms);
        }),
      ]).finally(() => clearTimeout(timer));
      if (r.done) throw new Error('stream ended');
      return r.value;
    },
    close: () => it.return?.(undefined),
  };
}

describe('one live stream for a board of many teams', () => {
  const demo = setUpDemoCity();

  /** An assigned visit of the team tomorrow, with its version, not one already used. */
  const used = new Set<string>();
  async function visitOf(teamId: string) {
    const rows = await demo.handle.db
      .select({ id: visits.id, version: visits.version })
      .from(visits)
      .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, TOMORROW), eq(visits.status, 'assigned')))
      .limit(20);
    const v = rows.find((r) => !used.has(r.id));
    if (!v) throw new Error(`no assigned visit left in team ${teamId}`);
    used.add(v.id);
    return v;
  }
  async function pin(teamId: string) {
    const v = await visitOf(teamId);
    await createCaller(makeContext(demo.handle, demo.users.admin)).dispatch.setPinned({
      visitId: v.id,
      pinned: true,
      version: v.version,
      idempotencyKey: `live-board-pin-${v.id}`,
    });
    return v.id;
  }
  async function otherTeam() {
    const [row] = await demo.handle.db
      .select({ teamId: visits.teamId })
      .from(visits)
      .where(and(ne(visits.teamId, demo.teamId), eq(visits.visitDate, TOMORROW), eq(visits.status, 'assigned')))
      .limit(1);
    if (!row) throw new Error('the demo city has no second team with visits tomorrow');
    return row.teamId;
  }

  it('two dispatchers of different teams each hear only their own team, though the other team changed first', async () => {
    const teamB = await otherTeam();
    const dispatcherA = demo.users.dispatcher;
    const dispatcherB = { ...dispatcherA, id: demo.users.manager.id, username: 'b-dispatcher', teamIds: [teamB] };
    const a = await opened(createCaller(makeContext(demo.handle, dispatcherA)).live.board({}));
    const b = await opened(createCaller(makeContext(demo.handle, dispatcherB)).live.board({}));
    const admin = await opened(createCaller(makeContext(demo.handle, demo.users.admin)).live.board({}));
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
    const asB = createCaller(makeContext(demo.handle, dispatcherB));
    await expect(asB.live.board({ teamIds: [demo.teamId] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asB.live.board({ teamIds: [teamB, demo.teamId] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);

  it('a reconnect with the last event id gets the change made while the stream was down', async () => {
    const caller = createCaller(makeContext(demo.handle, demo.users.dispatcher));
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
    const caller = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    const s = await opened(caller.live.board({ lastEventId: 'unknown' }));
    expect((await s.next())[1]).toEqual(RESYNC);
    await s.close();
    await expect(caller.live.board({ lastEventId: '9'.repeat(41) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/lastEventId/),
    });
  }, 60_000);
});
