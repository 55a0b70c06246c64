import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runNamed, type Tx } from '../../server/db/client';
import { PREPARED_PER_CONNECTION } from '../../server/db/pool-layers';
import { scratchDbForFile } from '../helpers/scratch-database';

// PostgreSQL only: the main pool names its statements (server/db/pool-layers.ts); a session never forgets a prepared
// statement, so the number one connection keeps must stay bounded however many distinct texts it runs.
describe('prepared statements on the main pool (PostgreSQL)', () => {
  const scratch = scratchDbForFile('doorstep_prepared');
  /** The first row's `v` of a one-value statement. */
  const one = async (tx: Tx, q: ReturnType<typeof sql>) =>
    Number(((await tx.execute(q)) as unknown as { rows: Array<{ v: number }> }).rows[0]?.v);

  it('prepares a repeated text once, keeps at most the cap per connection, and still answers past it', async () => {
    const distinct = PREPARED_PER_CONNECTION + 50;
    const counts = await scratch.handle.db.transaction(async (tx) => {
      // One transaction is one connection: its session's pg_prepared_statements is what this connection keeps.
      const prepared = () => one(tx, sql`select count(*)::int as v from pg_prepared_statements`);
      for (let i = 0; i < 3; i++) await tx.execute(sql`select ${i}::int + 1 as v`);
      const afterRepeat = await prepared();
      const answers: number[] = [];
      for (let k = 0; k < distinct; k++) {
        answers.push(await one(tx, sql`select ${k}::int + ${sql.raw(String(k))} as v`));
      }
      return { afterRepeat, afterMany: await prepared(), answers };
    });
    expect(counts.afterRepeat).toBe(1);
    expect(counts.afterMany).toBe(PREPARED_PER_CONNECTION);
    expect(counts.answers).toEqual(Array.from({ length: distinct }, (_, k) => 2 * k));
  }, 60_000);

  it('names on the reports pool only what runNamed runs, once per text and connection, built once', async () => {
    const seen = await scratch.handle.reportsDb.transaction(async (tx) => {
      const names = async () =>
        (
          (await tx.execute(sql`select name from pg_prepared_statements order by name`)) as unknown as {
            rows: Array<{ name: string }>;
          }
        ).rows.map((r) => r.name);
      const before = await names();
      // A statement with a value, not named: the reports' pool plans it anew each time.
      await tx.execute(sql`select ${1}::int as v`);
      const plain = await names();
      const answers: number[] = [];
      for (let k = 0; k < 3; k++) {
        const rows = await runNamed(tx.select({ v: sql<number>`${k}::int + 1` }).from(sql`(select 1) as one`));
        answers.push(Number(rows[0]?.v));
      }
      const once = await names();
      // A select that counts its builds: drizzle's prepare builds the text once per call, runNamed asks for no more.
      const query = tx.select({ v: sql<number>`${5}::int` }).from(sql`(select 1) as one`);
      let built = 0;
      const toSQL = query.toSQL.bind(query);
      const getSQL = query.getSQL.bind(query);
      query.toSQL = () => {
        built++;
        return toSQL();
      };
      query.getSQL = () => {
        built++;
        return getSQL();
      };
      await runNamed(query);
      return { before, plain, once, answers, built, after: await names() };
    });
    expect(seen.plain).toEqual(seen.before);
    expect(seen.answers).toEqual([1, 2, 3]);
    const added = seen.once.filter((n) => !seen.before.includes(n));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^r_/);
    expect(seen.built).toBe(1);
    expect(seen.after.filter((n) => !seen.once.includes(n))).toHaveLength(1);
  }, 60_000);

  it('names a runNamed statement on the main pool as it names every other there', async () => {
    const names = await scratch.handle.db.transaction(async (tx) => {
      await runNamed(tx.select({ v: sql<number>`${7}::int` }).from(sql`(select 1) as one`));
      await tx.select({ v: sql<number>`${8}::int` }).from(sql`(select 2) as two`);
      return (
        (await tx.execute(sql`select name from pg_prepared_statements order by name`)) as unknown as {
          rows: Array<{ name: string }>;
        }
      ).rows.map((r) => r.name);
    });
    expect(names.filter((n) => n.startsWith('q_')).length).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => !n.startsWith('q_'))).toEqual([]);
  }, 60_000);
});
