import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, teams } from '../../drizzle/schema';
import type { DbHandle, Tx } from '../../server/db/client';
import { appendAudit } from '../../server/modules/audit/audit.service';
import { createTestDb } from './helpers/db';
import { gate } from './helpers/gate';

// Two writers meet in the audit chain's lock after locking a row of their own: the classic lock-order
// deadlock. PostgreSQL aborts one of them (40P01); that transaction must run again, not answer a 500.
describe('transactions PostgreSQL aborts for colliding are run again (PostgreSQL)', () => {
  let handle: DbHandle;
  let teamId: string;

  beforeAll(async () => {
    handle = await createTestDb();
    const [team] = await handle.db
      .insert(teams)
      .values({ name: 'Collision team', code: 'COL', city: 'Shanghai' })
      .returning();
    teamId = (team as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  it('a row lock then the audit lock, against the audit lock then the row lock: both changes commit', async () => {
    const rowLocked = gate();
    const auditLocked = gate();
    const attempts = { a: 0, b: 0 };
    const audit = (tx: Tx, action: string) =>
      appendAudit(tx, { actorUserId: null, action, entityType: 'team', entityId: teamId, at: new Date() });

    // A: like a dispatcher's assign — locks its row, then records the change.
    const a = handle.db.transaction(async (tx) => {
      attempts.a++;
      await tx.update(teams).set({ city: 'Shanghai A' }).where(eq(teams.id, teamId));
      rowLocked.open();
      await auditLocked.opened;
      await audit(tx, 'test.a');
    });
    // B: like a payment settling a case — records a change first, then touches the same row.
    const b = handle.db.transaction(async (tx) => {
      attempts.b++;
      await rowLocked.opened;
      await audit(tx, 'test.b');
      auditLocked.open();
      await tx.update(teams).set({ name: 'Collision team B' }).where(eq(teams.id, teamId));
    });

    const results = await Promise.allSettled([a, b]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // One of the two was the deadlock's victim and ran a second time.
    expect(attempts.a + attempts.b).toBe(3);
    const [row] = await handle.db.select().from(teams).where(eq(teams.id, teamId));
    expect(row).toMatchObject({ city: 'Shanghai A', name: 'Collision team B' });
    const logged = await handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, teamId), like(auditLog.action, 'test.%')));
    expect(logged.map((r) => r.action).sort()).toEqual(['test.a', 'test.b']);
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
