import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { appendAudit } from '../../server/modules/audit/audit.service';
import { verifyOutcomeChains } from '../../server/modules/audit/audit-verify';
import { createCaller } from '../../server/trpc/root';
import { rows } from './helpers/calls';
import { createTestDb, makeContext } from './helpers/db';
import { seedDemoUsers } from './helpers/demo';
import { at, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

/** Rows of a raw query on either driver (PGlite returns { rows }, node-postgres too; be lenient). */
describe('audit.verify: tamper evidence of the audit log and outcome versions', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const NOW = at(D3, '15:00');
  const manager = () => createCaller(makeContext(handle, fx.manager, { now: NOW }));

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
    // A few links written the way every service writes them.
    for (let i = 0; i < 5; i++) {
      await handle.db.transaction((tx) =>
        appendAudit(tx, {
          actorUserId: fx.manager.id,
          teamId: fx.team,
          action: 'test.entry',
          entityType: 'visit',
          entityId: fx.visitIds.v1 as string,
          before: { n: i },
          after: { n: i + 1, note: `entry ${i}` },
          at: new Date(NOW.getTime() + i * 1000),
        }),
      );
    }
    // An outcome recorded through the field app is chained; the fixture's own outcomes are not.
    const agent = createCaller(makeContext(handle, fx.agentUser, { now: NOW }));
    await agent.field.recordOutcome({
      visitId: fx.visitIds.v11 as string,
      clientId: 'audit-verify-outcome-1',
      code: 'repayment_plan_agreed',
      idShown: true,
      recordingRef: 'rec://v11/1.m4a',
      identityVerified: true,
      borrowerPresent: true,
      promisedAmountCents: 30_000,
      plan: {
        channel: 'bank_transfer',
        instalments: [
          { dueDate: '2026-04-01', amountCents: 10_000 },
          { dueDate: '2026-05-01', amountCents: 20_000 },
        ],
      },
    } as never);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('reports intact chains, counting outcomes written before chaining as not chained', async () => {
    const r = await manager().audit.verify();
    expect(r.ok).toBe(true);
    expect(r.auditLog.checked).toBeGreaterThanOrEqual(6);
    expect(r.auditLog.firstBroken).toBeNull();
    expect(r.outcomes.checked).toBe(1);
    expect(r.outcomes.unchained).toBeGreaterThanOrEqual(5);
    expect(r.outcomes.firstBroken).toBeNull();
  });

  it('names the outcome version whose recorded content was changed directly in the database', async () => {
    const [target] = await rows<{ id: string }>(handle, sql`select id from outcomes where hash is not null`);
    await handle.db.execute(sql`update instalments set amount_cents = 5000 where seq = 1 and plan_id in
      (select id from repayment_plans where outcome_id = ${target?.id})`);
    const r = await manager().audit.verify();
    expect(r.ok).toBe(false);
    expect(r.outcomes.firstBroken).toMatchObject({ id: target?.id, version: 1, reason: 'hash_mismatch' });
  });

  it('reports the audit row edited with SQL as the first broken link', async () => {
    const list = await rows<{ id: number | string }>(handle, sql`select id from audit_log order by id`);
    const victim = Number(list[2]?.id);
    await handle.db.execute(
      sql`update audit_log set after = '{"n": 99, "note": "rewritten"}'::jsonb where id = ${victim}`,
    );
    const r = await manager().audit.verify();
    expect(r.ok).toBe(false);
    expect(r.auditLog.firstBroken).toEqual({ id: victim, reason: 'hash_mismatch' });
    expect(r.auditLog.checked).toBe(3);
  });

  it('reports a deleted link as a broken chain at the row after it', async () => {
    const list = await rows<{ id: number | string }>(handle, sql`select id from audit_log order by id`);
    // Restore nothing: delete the first link; the next one no longer chains to the genesis hash.
    await handle.db.execute(sql`delete from audit_log where id = ${Number(list[0]?.id)}`);
    const r = await manager().audit.verify();
    expect(r.auditLog.firstBroken).toEqual({ id: Number(list[1]?.id), reason: 'prev_hash_mismatch' });
  });

  it('is for managers and admins only', async () => {
    const dispatcher = createCaller(makeContext(handle, fx.dispatcher, { now: NOW }));
    await expect(dispatcher.audit.verify()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('audit.verify on the demo city', () => {
  let handle: DbHandle;
  let users: Awaited<ReturnType<typeof seedDemoUsers>>;
  beforeAll(async () => {
    handle = await createTestDb();
    users = await seedDemoUsers(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('verifies every seeded outcome version (the seed chains them like the field app)', async () => {
    const r = await createCaller(makeContext(handle, users.manager)).audit.verify();
    expect(r.ok).toBe(true);
    expect(r.outcomes.unchained).toBe(0);
    expect(r.outcomes.checked).toBeGreaterThan(0);
  });

  it('reads outcomes a batch of visits at a time: same report, and a tampered outcome in a later batch is found', async () => {
    const whole = await verifyOutcomeChains(handle.db);
    // Three visits per batch: the demo city's outcomes span many batches.
    const batched = await verifyOutcomeChains(handle.db, 3);
    expect(batched).toEqual(whole);
    const visits = await rows<{ visit_id: string }>(
      handle,
      sql`select distinct visit_id from outcomes order by visit_id`,
    );
    expect(visits.length).toBeGreaterThan(3 * 2);
    // The last visit in key order: only the last batch reads it.
    const last = visits.at(-1)?.visit_id as string;
    const [target] = await rows<{ id: string; version: number }>(
      handle,
      sql`select id, version from outcomes where visit_id = ${last} order by version limit 1`,
    );
    await handle.db.execute(sql`update outcomes set notes = 'rewritten after the fact' where id = ${target?.id}`);
    const r = await verifyOutcomeChains(handle.db, 3);
    expect(r.firstBroken).toEqual({ id: target?.id, visitId: last, version: target?.version, reason: 'hash_mismatch' });
    // Every version before it was checked; the later versions of that visit are not reached.
    const [later] = await rows<{ n: number | string }>(
      handle,
      sql`select count(*) as n from outcomes where visit_id = ${last} and version > ${target?.version}`,
    );
    expect(r.checked).toBe(whole.checked - Number(later?.n));
  });
});
