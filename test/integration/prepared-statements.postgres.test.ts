import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb, PREPARED_PER_CONNECTION, type Tx } from '../../server/db/client';
import { createScratchDatabase } from '../helpers/scratch-database';

// PostgreSQL only: the main pool names its statements (server/db/client.ts); a session never forgets a prepared
// statement, so the number one connection keeps must stay bounded however many distinct texts it runs.
describe('prepared statements on the main pool (PostgreSQL)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let handle: DbHandle;
  /** The first row's `v` of a one-value statement. */
  const one = async (tx: Tx, q: ReturnType<typeof sql>) =>
    Number(((await tx.execute(q)) as unknown as { rows: Array<{ v: number }> }).rows[0]?.v);

  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL as string, 'doorstep_prepared');
    handle = await openDb({ databaseUrl: scratch.url, dataDir: 'unused' });
  }, 60_000);

  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
  }, 60_000);

  it('prepares a repeated text once, keeps at most the cap per connection, and still answers past it', async () => {
    const distinct = PREPARED_PER_CONNECTION + 50;
    const counts = await handle.db.transaction(async (tx) => {
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
});
