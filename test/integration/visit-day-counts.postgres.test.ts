import { and, eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visits } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { addDays } from '../../shared/time';
import { expectCountsTrue } from './helpers/day-counts';
import { createTestDb } from './helpers/db';
import { seedDemoUsers, TODAY } from './helpers/demo';
import { gate } from './helpers/gate';

// PostgreSQL only (a *.postgres.test.ts file): two writers of one team-day need two connections, which PGlite has not.

/** A connection of its own to the test database. */
async function connect(handle: DbHandle): Promise<pg.Client> {
  const result = (await handle.db.execute(sql`select current_database() as name`)) as unknown as {
    rows: Array<{ name: string }>;
  };
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${result.rows[0]?.name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

describe('the team-day counts under concurrent writers of one team-day', () => {
  const city = {} as { handle: DbHandle };
  beforeAll(async () => {
    city.handle = await createTestDb();
    await seedDemoUsers(city.handle);
  }, 120_000);
  afterAll(async () => city.handle?.close());

  it('a writer that recounts while another holds the team-day waits for its commit and counts both', async () => {
    const tomorrow = addDays(TODAY, 1);
    const [first, second] = await city.handle.db
      .select({ id: visits.id, teamId: visits.teamId })
      .from(visits)
      .where(and(eq(visits.visitDate, tomorrow), eq(visits.status, 'assigned')))
      .orderBy(visits.teamId, visits.id);
    if (!first || !second || first.teamId !== second.teamId) throw new Error('no team with two visits tomorrow');
    const made = await expectCountsTrue(city.handle);
    const one = await connect(city.handle);
    const two = await connect(city.handle);
    try {
      await one.query('begin');
      await one.query(`update visits set status = 'missed', crew_id = null, agent_id = null where id = $1`, [first.id]);
      const twoPid = (await two.query('select pg_backend_pid() as pid')).rows[0].pid as number;
      await two.query('begin');
      // Its own visit row is free, so only the team-day's count row held by `one` can make it wait.
      const waiting = two.query(`update visits set status = 'missed', crew_id = null, agent_id = null where id = $1`, [
        second.id,
      ]);
      for (let i = 0; ; i++) {
        const { rows } = await city.handle.db
          .execute(sql`select count(*)::int as n from pg_locks where not granted and pid = ${twoPid}`)
          .then((r) => r as unknown as { rows: Array<{ n: number }> });
        if (rows[0]?.n) break;
        if (i > 600) throw new Error('the second writer never waited for the first');
        await new Promise((r) => setTimeout(r, 50));
      }
      await one.query('commit');
      await waiting;
      await two.query('commit');
    } finally {
      await one.end();
      await two.end();
    }
    expect(await expectCountsTrue(city.handle)).toBe(made);
    const [day] = await city.handle.db
      .select({ missed: sql<number>`count(*)::int` })
      .from(visits)
      .where(and(eq(visits.teamId, first.teamId), eq(visits.visitDate, tomorrow), eq(visits.status, 'missed')));
    expect(day?.missed).toBeGreaterThanOrEqual(2);
  });

  it('two transactions writing the same two team-days in opposite orders: the deadlock is retried, both counted', async () => {
    // Two team-days of one team, two assigned visits on each: a, d on the first; b, c on the second.
    const days = [TODAY, addDays(TODAY, 1)];
    const candidates = await city.handle.db
      .select({ id: visits.id, teamId: visits.teamId, date: visits.visitDate })
      .from(visits)
      .where(and(inArray(visits.visitDate, days), eq(visits.status, 'assigned')))
      .orderBy(visits.teamId, visits.visitDate, visits.id);
    const teamId = candidates.find((v) =>
      days.every((d) => candidates.filter((c) => c.teamId === v.teamId && c.date === d).length >= 2),
    )?.teamId;
    if (!teamId) throw new Error('no team with two assigned visits on each of two days');
    const on = (d: string) => candidates.filter((c) => c.teamId === teamId && c.date === d).map((c) => c.id);
    const [a, d] = on(days[0] as string) as [string, string];
    const [b, c] = on(days[1] as string) as [string, string];
    const made = await expectCountsTrue(city.handle);
    const miss = (tx: Parameters<Parameters<DbHandle['db']['transaction']>[0]>[0], id: string) =>
      tx.update(visits).set({ status: 'missed', crewId: null, agentId: null }).where(eq(visits.id, id));
    const firstDayHeld = gate();
    const secondDayHeld = gate();
    const attempts = { one: 0, two: 0 };
    // One writes the first team-day, then the second; two the second, then the first, each statement's
    // recount locking its team-day's row until commit: each waits for a row the other holds. PostgreSQL aborts one
    // (40P01), and the pool's transaction runs it again once the other has committed.
    const one = city.handle.db.transaction(async (tx) => {
      attempts.one++;
      await miss(tx, a);
      firstDayHeld.open();
      await secondDayHeld.opened;
      await miss(tx, b);
    });
    const two = city.handle.db.transaction(async (tx) => {
      attempts.two++;
      await firstDayHeld.opened;
      await miss(tx, c);
      secondDayHeld.open();
      await miss(tx, d);
    });
    const results = await Promise.allSettled([one, two]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual([
      'fulfilled',
      'fulfilled',
    ]);
    // One of the two was the deadlock's victim and ran a second time.
    expect(attempts.one + attempts.two).toBe(3);
    expect(await expectCountsTrue(city.handle)).toBe(made);
    const counted = await city.handle.db
      .select({ id: visits.id, status: visits.status })
      .from(visits)
      .where(inArray(visits.id, [a, b, c, d]));
    expect(counted.map((v) => v.status)).toEqual(['missed', 'missed', 'missed', 'missed']);
  });
});
