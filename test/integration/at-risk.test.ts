import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { createTestDb, makeContext } from './helpers/db';
import { at, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

// D3 of the dataset: v8 completed 21:00–23:00, v9 assigned 09:00–10:00, v10 assigned 10:30–11:30, v11 on site.
describe('"at risk" on the board: the server says what it means and which visits it counts', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const board = (time: string) =>
    createCaller(makeContext(handle, fx.manager, { now: at(D3, time) })).dispatch.day({ teamId: fx.team, date: D3 });

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('gives the rule behind the number (the margin before a slot ends) with the visits it flags', async () => {
    const early = await board('10:10');
    expect(early.atRiskRule).toEqual({ marginMinutes: 30 });
    // v9's slot has ended and nobody is on site; v10 still has 80 minutes.
    expect(early.atRisk).toEqual([fx.visitIds.v9]);
    expect(early.summary.atRisk).toBe(1);
    // 25 minutes before v10's slot ends, it is at risk too; on-site and completed visits never are.
    const late = await board('11:05');
    expect([...late.atRisk].sort()).toEqual([fx.visitIds.v9, fx.visitIds.v10].sort());
  });
});
