import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { rows } from './helpers/calls';
import { createTestDb, makeContext } from './helpers/db';
import { at, D1, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

describe('compliance exceptions on a hand-built team', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const manager = () => createCaller(makeContext(handle, fx.manager, { now: at(D3, '23:00') }));
  const key = (e: { rule: string; severity: string; visitId: string }) => {
    const name = Object.entries(fx.visitIds).find(([, id]) => id === e.visitId)?.[0];
    return `${name}:${e.rule}:${e.severity}`;
  };

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('finds every breach and near-breach with its evidence', async () => {
    const {
      rows: list,
      total,
      unacknowledged,
    } = await manager().compliance.exceptions({ filter: { from: D1, to: D3 } });
    expect([total, unacknowledged]).toEqual([11, 11]);
    expect(list.map(key).sort()).toEqual(
      [
        'v2:outside_slot:breach', // checked in 12:10, slot 10:00–12:00
        'v3:far_check_in:breach', // 350 m > 200 m
        'v3:no_id_shown:breach',
        'v3:no_recording:breach',
        'v3:one_person:breach', // crew c2 is one agent, the team requires two
        'v5:far_check_in:near', // 160 m: more than half the 200 m limit
        'v5:edited_after_day:breach', // version 2 recorded on D3 for a D2 visit
        'v7:not_borrowers_address:breach',
        'v8:outside_hours:breach', // 22:30 local, allowed until 22:00
        'v9:frequency_cap:breach', // b1: v1 (D1), v9 and v10 (D3) → 3 visits in 7 days, cap 2
        'v10:frequency_cap:breach',
      ].sort(),
    );
    const far = list.find((e) => e.visitId === fx.visitIds.v3 && e.rule === 'far_check_in');
    expect(far?.evidence).toEqual({ distanceM: 350, thresholdM: 200 });
    const hours = list.find((e) => e.rule === 'outside_hours');
    expect(hours?.evidence).toEqual({ localTime: '22:30', allowedStart: '08:00', allowedEnd: '22:00' });
    const cap = list.find((e) => e.visitId === fx.visitIds.v9);
    expect(cap?.evidence).toEqual({ visits: 3, cap: 2, windowDays: 7 });
  });

  it('filters by rule, and the frequency cap counts visits before the period too', async () => {
    const { rows: onlyD3 } = await manager().compliance.exceptions({
      filter: { from: D3, to: D3 },
      rule: 'frequency_cap',
    });
    expect(onlyD3.map(key).sort()).toEqual(['v10:frequency_cap:breach', 'v9:frequency_cap:breach']);
  });

  it('sends one page at a time, in the same order as the whole list, with the counts of the whole list', async () => {
    const filter = { from: D1, to: D3 };
    const whole = await manager().compliance.exceptions({ filter, pageSize: 200 });
    const paged = [];
    for (let page = 0; page < 3; page++) {
      const p = await manager().compliance.exceptions({ filter, page, pageSize: 5 });
      expect([p.total, p.unacknowledged]).toEqual([whole.total, whole.unacknowledged]);
      paged.push(...p.rows);
    }
    expect(paged.map(key)).toEqual(whole.rows.map(key));
    expect((await manager().compliance.exceptions({ filter, page: 99, pageSize: 5 })).rows).toEqual([]);
  });

  it('acknowledges once with a comment, audited; a retry changes nothing, another comment is refused', async () => {
    const visitId = fx.visitIds.v3 as string;
    const auditBefore = await count(
      handle,
      sql`select count(*)::int as n from audit_log where action = 'compliance.acknowledge'`,
    );
    const first = await manager().compliance.acknowledge({
      rule: 'one_person',
      visitId,
      comment: 'Second agent was ill',
    });
    expect(first).toEqual({ acknowledged: true, alreadyAcknowledged: false });
    const retry = await manager().compliance.acknowledge({
      rule: 'one_person',
      visitId,
      comment: 'Second agent was ill',
    });
    expect(retry.alreadyAcknowledged).toBe(true);
    await expect(
      manager().compliance.acknowledge({ rule: 'one_person', visitId, comment: 'Something else' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(
      await count(handle, sql`select count(*)::int as n from audit_log where action = 'compliance.acknowledge'`),
    ).toBe(auditBefore + 1);
    const { rows: acked, total } = await manager().compliance.exceptions({
      filter: { from: D1, to: D1 },
      acknowledged: true,
    });
    expect(total).toBe(1);
    expect(acked.map(key)).toEqual(['v3:one_person:breach']);
    expect(acked[0]?.acknowledgement).toMatchObject({ comment: 'Second agent was ill', by: 'fx-manager' });
  });

  it('refuses to acknowledge what is not an exception, and a short comment, per field', async () => {
    await expect(
      manager().compliance.acknowledge({ rule: 'no_id_shown', visitId: fx.visitIds.v1 as string, comment: 'fine' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const err = await manager()
      .compliance.acknowledge({ rule: 'no_id_shown', visitId: fx.visitIds.v3 as string, comment: 'x' })
      .catch((e: unknown) => e);
    expect(JSON.stringify((err as { cause?: unknown }).cause ?? err)).toContain('comment');
  });

  it('keeps other teams out', async () => {
    const other = createCaller(makeContext(handle, fx.otherManager, { now: at(D3, '23:00') }));
    expect(await other.compliance.exceptions({ filter: { from: D1, to: D3 } })).toEqual({
      total: 0,
      unacknowledged: 0,
      rows: [],
    });
    await expect(
      other.compliance.acknowledge({ rule: 'no_id_shown', visitId: fx.visitIds.v3 as string, comment: 'not mine' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

async function count(handle: DbHandle, query: ReturnType<typeof sql>): Promise<number> {
  return Number((await rows<{ n: number }>(handle, query))[0]?.n);
}
