/**
 * Audit ids are not commit order (issue #19): a transaction that took an id first can commit after one that
 * took a later id was already read and delivered. The live watch must still deliver the earlier one, and must
 * not hand out a resume point past it meanwhile. Two real transactions on PostgreSQL, committed out of order:
 * the first is held open (its row written, not committed) while the second commits.
 */
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { setUpDemoCity } from './helpers/demo-city';
import { opened } from './helpers/live-stream';
import { signedIn } from './helpers/signed-in';

describe('audit entries committed out of id order', () => {
  const demo = setUpDemoCity();
  const entry = (entityId: string) => ({
    teamId: demo.teamId,
    action: 'visit.pin',
    entityType: 'visit',
    entityId,
    prevHash: 'out-of-order-test',
    hash: `out-of-order-test-${entityId}`,
  });

  it('the entry with the smaller id, committed last, is still delivered, live and on resume', async () => {
    const caller = createCaller(await signedIn(demo.handle, 'admin'));
    // Resolves once the audit watch's first round has run (helpers/live-stream.ts): the rows below are news.
    const stream = await opened(caller.live.board({ teamIds: [demo.teamId] }));

    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let firstId = (_: number) => {};
    const first = new Promise<number>((r) => {
      firstId = r;
    });
    const slow = demo.handle.db.transaction(async (tx) => {
      const [row] = await tx.insert(auditLog).values(entry('taken-first')).returning({ id: auditLog.id });
      firstId(row?.id as number);
      await held;
    });
    const smaller = await first;
    let cursorOfFast: string;
    try {
      const [fast] = await demo.handle.db.insert(auditLog).values(entry('taken-second')).returning({ id: auditLog.id });
      expect(fast?.id).toBeGreaterThan(smaller);

      // The later id, committed first, comes first; its resume point stays below the uncommitted one.
      const [cursor, heardFast] = await stream.next();
      expect(heardFast.entityId).toBe('taken-second');
      expect(Number(cursor)).toBeLessThan(smaller);
      cursorOfFast = cursor;
    } finally {
      // Released even when an assertion above fails: a transaction left open would hang the database's close.
      release();
      await slow;
    }
    const [, heardSlow] = await stream.next();
    expect(heardSlow.entityId).toBe('taken-first');
    await stream.close();

    // A client that dropped right after the first event and resumes from its id gets the late one too.
    const resumed = await opened(caller.live.board({ teamIds: [demo.teamId], lastEventId: cursorOfFast }));
    const replayed: string[] = [];
    while (!replayed.includes('taken-first')) replayed.push((await resumed.next())[1].entityId);
    await resumed.close();
  }, 90_000);
});
