import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, teams } from '../../drizzle/schema';
import type { DbHandle, Tx } from '../../server/db/client';
import { appendAudit } from '../../server/modules/audit/audit.service';
import { verifyAuditChain } from '../../server/modules/audit/audit-verify';
import { createTestDb } from './helpers/db';
import { gate } from './helpers/gate';

// Two writers that lock the same rows in opposite orders deadlock; PostgreSQL aborts one of them (40P01) and that
// transaction must run again, not answer a 500 — its audit entries written once. Writers no longer meet in the
// audit chain's lock: it is taken as the last thing before COMMIT (server/db/before-commit.ts).
describe('transactions PostgreSQL aborts for colliding are run again (PostgreSQL)', () => {
  let handle: DbHandle;
  let teamIds: [string, string];

  beforeAll(async () => {
    handle = await createTestDb();
    const rows = await handle.db
      .insert(teams)
      .values([
        { name: 'Collision team 1', code: 'COL1', city: 'Shanghai' },
        { name: 'Collision team 2', code: 'COL2', city: 'Shanghai' },
      ])
      .returning({ id: teams.id });
    teamIds = [rows[0]?.id as string, rows[1]?.id as string];
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  const audit = (tx: Tx, action: string, entityId: string) =>
    appendAudit(tx, { actorUserId: null, action, entityType: 'team', entityId, at: new Date() });
  const logged = async (prefix: string) =>
    (
      await handle.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(like(auditLog.action, `${prefix}.%`))
    )
      .map((r) => r.action)
      .sort();

  it("two rows locked in opposite orders: the deadlock's victim runs again, both commit, each audited once", async () => {
    const [one, two] = teamIds;
    const aLocked = gate();
    const bLocked = gate();
    const attempts = { a: 0, b: 0 };
    const a = handle.db.transaction(async (tx) => {
      attempts.a++;
      await audit(tx, 'rows.a', one);
      await tx.update(teams).set({ city: 'Shanghai A' }).where(eq(teams.id, one));
      aLocked.open();
      await bLocked.opened;
      await tx.update(teams).set({ city: 'Shanghai A' }).where(eq(teams.id, two));
    });
    const b = handle.db.transaction(async (tx) => {
      attempts.b++;
      await audit(tx, 'rows.b', two);
      await aLocked.opened;
      await tx.update(teams).set({ name: 'Collision team 2B' }).where(eq(teams.id, two));
      bLocked.open();
      await tx.update(teams).set({ name: 'Collision team 1B' }).where(eq(teams.id, one));
    });

    const results = await Promise.allSettled([a, b]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // One of the two was the deadlock's victim and ran a second time.
    expect(attempts.a + attempts.b).toBe(3);
    const rows = await handle.db.select().from(teams).where(eq(teams.id, one));
    expect(rows[0]).toMatchObject({ city: 'Shanghai A', name: 'Collision team 1B' });
    expect(await logged('rows')).toEqual(['rows.a', 'rows.b']);
    expect((await verifyAuditChain(handle.db)).firstBroken).toBeNull();
  });

  it('a row lock then an entry, against an entry then the same row: no deadlock any more, each runs once', async () => {
    const [one] = teamIds;
    const rowLocked = gate();
    const recorded = gate();
    const attempts = { a: 0, b: 0 };
    // A: like a dispatcher's assign — locks its row, then records the change.
    const a = handle.db.transaction(async (tx) => {
      attempts.a++;
      await tx.update(teams).set({ city: 'Shanghai C' }).where(eq(teams.id, one));
      rowLocked.open();
      await recorded.opened;
      await audit(tx, 'order.a', one);
    });
    // B: like a payment settling a case — records a change first, then touches the same row.
    const b = handle.db.transaction(async (tx) => {
      attempts.b++;
      await rowLocked.opened;
      await audit(tx, 'order.b', one);
      recorded.open();
      await tx.update(teams).set({ name: 'Collision team 1C' }).where(eq(teams.id, one));
    });
    const results = await Promise.allSettled([a, b]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(attempts).toEqual({ a: 1, b: 1 });
    expect(await logged('order')).toEqual(['order.a', 'order.b']);
    expect((await verifyAuditChain(handle.db)).firstBroken).toBeNull();
  });

  it('an error that is not a collision is not retried', async () => {
    let attempts = 0;
    await expect(
      handle.db.transaction(async (tx) => {
        attempts++;
        await tx.execute(sql`select 1 / 0`);
      }),
    ).rejects.toThrow();
    expect(attempts).toBe(1);
  });
});
