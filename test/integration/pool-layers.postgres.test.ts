/**
 * The pool's layers together, as openDb installs them (server/db/pool-layers.ts): a connection's statements are named
 * and sent one at a time by the same client; a transaction whose deferred work collides runs again whole. Each layer
 * alone has its own test (prepared-statements, pool-one-query, pool-lost-connections, audit-commit).
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type BeforeCommit, deferToCommit } from '../../server/db/before-commit';
import type { Tx } from '../../server/db/client';
import { rowsOf } from '../../server/db/rows';
import { scratchDbForFile } from '../helpers/scratch-database';

describe('the pool’s layers in their order (PostgreSQL)', () => {
  const scratch = scratchDbForFile('doorstep_layers');

  it('names the statements a transaction asks for at once by their text and sends them one at a time', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const seen = await scratch.handle.db.transaction(async (tx) => {
        const answers = await Promise.all(
          Array.from({ length: 6 }, async (_, i) => {
            const [row] = rowsOf<{ v: number }>(await tx.execute(sql`select ${i}::int * 10 as v`));
            return row?.v;
          }),
        );
        const prepared = rowsOf<{ n: number }>(
          await tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like ${'%* 10%'}`),
        );
        return { answers, prepared: prepared[0]?.n };
      });
      expect(seen).toEqual({ answers: [0, 10, 20, 30, 40, 50], prepared: 1 });
      await new Promise((r) => setTimeout(r, 50));
      expect(warnings.filter((w) => w.includes('already executing'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('runs a transaction whose deferred work collided again whole, with only the new attempt’s work deferred', async () => {
    const ran: number[][] = [];
    const hook: BeforeCommit<number> = {
      run: async (tx: Tx, items) => {
        ran.push(items);
        await tx.execute(sql`select 1`);
        if (ran.length === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      },
    };
    let attempts = 0;
    const answer = await scratch.handle.db.transaction(async (tx) => {
      attempts++;
      expect(deferToCommit(tx, hook, attempts)).toBe(true);
      return `attempt ${attempts}`;
    });
    expect(answer).toBe('attempt 2');
    expect(ran).toEqual([[1], [2]]);
    // Both attempts gave their connection back: the pool still has all of its connections to lend.
    const held = await Promise.all(
      Array.from({ length: scratch.handle.connections }, () => scratch.handle.db.execute(sql`select 1`)),
    );
    expect(held).toHaveLength(scratch.handle.connections);
  });
});
