/**
 * The audit chain is written as the last thing before a transaction commits (server/db/before-commit.ts): the
 * chain's lock, which every writer of the system shares, is held for the commit only. What a transaction
 * records is written once, in order, only if it commits; a savepoint's entries only if it is released.
 */
import { asc, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, teams } from '../../drizzle/schema';
import type { DbHandle, DbOrTx } from '../../server/db/client';
import { appendAudit } from '../../server/modules/audit/audit.service';
import { verifyAuditChain } from '../../server/modules/audit/audit-verify';
import { createTestDb } from './helpers/db';

describe('audit entries are written at the end of their transaction', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb();
  }, 120_000);
  afterAll(async () => handle?.close());

  const T0 = new Date('2026-12-03T09:00:00.123Z');
  const record = (db: DbOrTx, action: string, extra: { teamId?: string; at?: Date } = {}) =>
    appendAudit(db, {
      actorUserId: null,
      teamId: extra.teamId ?? null,
      action,
      entityType: 'test',
      entityId: action.split('.')[1] as string,
      after: { action },
      at: extra.at ?? T0,
    });
  const logged = async (prefix: string) =>
    (
      await handle.db
        .select({ id: auditLog.id, action: auditLog.action, at: auditLog.at })
        .from(auditLog)
        .where(like(auditLog.action, `${prefix}.%`))
        .orderBy(asc(auditLog.id))
    ).map((r) => ({ ...r, id: Number(r.id) }));
  const chainIntact = async () => expect((await verifyAuditChain(handle.db)).firstBroken).toBeNull();

  it("writes a transaction's entries after its work, in the order recorded, with their own times", async () => {
    let seenInside = -1;
    await handle.db.transaction(async (tx) => {
      await record(tx, 'order.a', { at: new Date(T0.getTime() + 2000) });
      await record(tx, 'order.b', { at: T0 });
      await record(tx, 'order.c', { at: new Date(T0.getTime() + 1000) });
      // Not written yet: a read of the log in the same transaction does not see them.
      const [row] = await tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(auditLog)
        .where(like(auditLog.action, 'order.%'));
      seenInside = row?.n ?? -1;
    });
    expect(seenInside).toBe(0);
    const rows = await logged('order');
    expect(rows.map((r) => r.action)).toEqual(['order.a', 'order.b', 'order.c']);
    // One insert: consecutive ids, in the order recorded.
    expect(rows.map((r) => r.id - (rows[0]?.id ?? 0))).toEqual([0, 1, 2]);
    expect(rows.map((r) => r.at.getTime() - T0.getTime())).toEqual([2000, 0, 1000]);
    await chainIntact();
  });

  it('keeps the entries of a released savepoint, in place, and drops those of one rolled back', async () => {
    await handle.db.transaction(async (tx) => {
      await record(tx, 'sp.outer1');
      await tx.transaction(async (sp) => {
        await record(sp, 'sp.kept1');
        await sp.transaction(async (inner) => record(inner, 'sp.kept2'));
      });
      await tx
        .transaction(async (sp) => {
          await record(sp, 'sp.dropped1');
          await sp.transaction(async (inner) => record(inner, 'sp.dropped2'));
          throw new Error('roll the savepoint back');
        })
        .catch(() => undefined);
      // A released savepoint inside one that rolls back goes with it; one rolled back inside a kept one too.
      await tx.transaction(async (sp) => {
        await sp
          .transaction(async (inner) => {
            await record(inner, 'sp.dropped3');
            inner.rollback();
          })
          .catch(() => undefined);
        await record(sp, 'sp.kept3');
      });
      await record(tx, 'sp.outer2');
    });
    expect((await logged('sp')).map((r) => r.action)).toEqual([
      'sp.outer1',
      'sp.kept1',
      'sp.kept2',
      'sp.kept3',
      'sp.outer2',
    ]);
    await chainIntact();
  });

  it('writes nothing of a transaction whose work fails', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await record(tx, 'failed.a');
        throw new Error('the work fails after recording');
      }),
    ).rejects.toThrow('the work fails');
    expect(await logged('failed')).toEqual([]);
    await chainIntact();
  });

  it('rolls the whole transaction back when writing its entries fails', async () => {
    const name = 'Flush failure team';
    // The entry names a team that does not exist: its insert fails on the foreign key, before COMMIT.
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.insert(teams).values({ name, code: 'FLF', city: 'Shanghai' });
        await record(tx, 'flush.a');
        await record(tx, 'flush.b', { teamId: '00000000-0000-4000-8000-0000000000ff' });
      }),
    ).rejects.toThrow();
    expect(await handle.db.select().from(teams).where(eq(teams.name, name))).toEqual([]);
    expect(await logged('flush')).toEqual([]);
    await chainIntact();
  });

  it('writes an entry given the database itself (no transaction) at once, linked', async () => {
    await record(handle.db, 'pool.a');
    expect((await logged('pool')).map((r) => r.action)).toEqual(['pool.a']);
    await chainIntact();
  });

  it('stores quotes, backslashes, line breaks and any script exactly as given (the values are sent as literals)', async () => {
    const tricky = `it's \\ a \\' test'; select 1; $$x$$ E'\\n' \n 中文 😀 "quoted"`;
    await handle.db.transaction((tx) =>
      appendAudit(tx, {
        actorUserId: null,
        action: 'literal.tricky',
        entityType: tricky,
        entityId: tricky,
        before: { [tricky]: tricky },
        after: { list: [tricky, 1, true, null] },
        at: T0,
      }),
    );
    const [row] = await handle.db
      .select({
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .where(eq(auditLog.action, 'literal.tricky'));
    expect(row).toEqual({
      entityType: tricky,
      entityId: tricky,
      before: { [tricky]: tricky },
      after: { list: [tricky, 1, true, null] },
    });
    await chainIntact();
  });

  it('writes an import-sized transaction (more entries than one insert takes) whole, in order', async () => {
    await handle.db.transaction(async (tx) => {
      for (let i = 0; i < 1201; i++) await record(tx, `bulk.${String(i).padStart(4, '0')}`);
    });
    const rows = await logged('bulk');
    expect(rows).toHaveLength(1201);
    expect(rows.map((r) => r.action)).toEqual([...rows.map((r) => r.action)].sort());
    expect(rows.every((r, i) => r.id === (rows[0]?.id ?? 0) + i)).toBe(true);
    await chainIntact();
  });

  it('links transactions one after another: chain order is id order', async () => {
    for (let i = 0; i < 3; i++) {
      await handle.db.transaction(async (tx) => {
        await record(tx, `seq.${i}a`);
        await record(tx, `seq.${i}b`);
      });
    }
    const rows = await logged('seq');
    expect(rows.map((r) => r.action)).toEqual(['seq.0a', 'seq.0b', 'seq.1a', 'seq.1b', 'seq.2a', 'seq.2b']);
    const chain = await handle.db
      .select({ id: auditLog.id, prevHash: auditLog.prevHash, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(asc(auditLog.id));
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.prevHash).toBe(chain[i - 1]?.hash);
    await chainIntact();
  });
});
