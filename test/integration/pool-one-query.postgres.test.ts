/**
 * A transaction whose work asks for several statements at once (Promise.all — the warm-up plays whole procedures on
 * one transaction): the connection sends them one at a time, in the order asked (server/db/pool-layers.ts,
 * oneQueryAtATime). Before, node-postgres queued them itself and warned ("client.query() when the client is already
 * executing a query is deprecated and will be removed in pg@9.0").
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/db/rows';
import { scratchDbForFile } from '../helpers/scratch-database';

describe('statements asked for at once on one connection (PostgreSQL)', () => {
  const scratch = scratchDbForFile('doorstep_one_query', {}, (handle) =>
    handle.db.execute(sql`create table asked (n int, seq serial)`),
  );
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  beforeAll(() => {
    process.on('warning', onWarning);
  });
  afterAll(() => {
    process.off('warning', onWarning);
  });

  it('runs them in the order asked (a failing one fails its transaction), without the driver queueing them', async () => {
    const outcome = await scratch.handle.db
      .transaction(async (tx) => {
        const asked = await Promise.allSettled([
          ...Array.from({ length: 5 }, (_, n) => tx.execute(sql`insert into asked (n) values (${n}) returning n`)),
          tx.execute(sql`select ${'x'}::int`),
          tx.execute(sql`select pg_sleep(0.05)`),
        ]);
        return { asked, rows: rowsOf<{ n: number }>(await tx.execute(sql`select n from asked order by seq`)) };
      })
      .catch((err: unknown) => ({ err }));
    // The failing cast aborts the transaction, so what ran after it fails too and nothing is kept; the order is
    // what the inserts' serials show up to there.
    expect('err' in outcome).toBe(true);
    const again = await scratch.handle.db.transaction(async (tx) => {
      await Promise.all(Array.from({ length: 5 }, (_, n) => tx.execute(sql`insert into asked (n) values (${n})`)));
      return rowsOf<{ n: number }>(await tx.execute(sql`select n from asked order by seq`)).map((r) => r.n);
    });
    expect(again).toEqual([0, 1, 2, 3, 4]);
    await new Promise((r) => setTimeout(r, 50));
    expect(warnings.filter((w) => w.includes('already executing'))).toEqual([]);
  });
});
