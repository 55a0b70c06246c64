import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { type FakeOsrm, startFakeOsrm } from '../helpers/fake-osrm';
import { makeContext, testEnv } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { settledPlan, usePlanners } from './helpers/plan-run';

/**
 * What the planner places the rules accept, under each provider: the planner, plan apply and checkMove read one
 * travel table for the team-day. (pgRouting: its own test on PostgreSQL.)
 */
describe('a plan made under a provider passes the placement rules under the same provider', () => {
  const demo = setUpDemoCity();
  // Read by the planners at each run: the phase below sets the routing on it.
  const env = { ...testEnv };
  usePlanners(demo, env);
  let osrm: FakeOsrm;

  beforeAll(async () => {
    osrm = await startFakeOsrm();
  });
  afterAll(async () => osrm?.close());

  const caller = () => createCaller({ ...makeContext(demo.handle, demo.users.dispatcher), env });

  /** Plans the day, applies it (every placement re-checked), and checks every planned stop where it landed. */
  async function planApplyAndCheck(date: string, warning: 'ROUTING_FALLBACK' | null = null) {
    const started = await caller().planning.start({ teamId: demo.teamId, date, timeLimitMs: 1500 });
    expect(started.travelWarning).toBe(warning);
    expect(started.jobs).toBeGreaterThan(5);
    const done = await settledPlan(caller(), started.runId);
    expect(done.state).toBe('done');
    const preview = done.preview;
    if (!preview) throw new Error('no preview');
    const moves = preview.crews.flatMap((c) =>
      c.stops.filter((s) => s.changed).map((s) => ({ ...s, crewId: c.crewId })),
    );
    expect(moves.length).toBeGreaterThan(0);
    // Applying re-checks each placement with the rules and refuses on any violation.
    const applied = await caller().planning.commit({ runId: started.runId, idempotencyKey: `travel-${started.runId}` });
    expect(applied.assigned).toBeGreaterThan(0);
    for (const move of moves) {
      const check = await caller().dispatch.checkMove({
        visitId: move.visitId,
        crewId: move.crewId,
        arrival: move.arrival,
      });
      expect(check.violations).toEqual([]);
    }
    return { preview, moves };
  }

  it('straight-line (the default)', async () => {
    const { preview } = await planApplyAndCheck(addDays(TODAY, 3));
    expect(preview.travel).toEqual({ provider: 'straight-line', warning: null });
    expect(osrm.requests).toHaveLength(0);
  });

  it('OSRM: road minutes plan the day; a re-plan reads the cache and asks OSRM nothing', async () => {
    Object.assign(env, { OSRM_URL: osrm.url });
    const date = addDays(TODAY, 4);
    const { preview, moves } = await planApplyAndCheck(date);
    expect(preview.travel).toEqual({ provider: `osrm:${osrm.url}/driving`, warning: null });
    expect(osrm.requests.length).toBeGreaterThan(0);
    // The board of the applied day shows the same roads' legs.
    const board = await caller().dispatch.day({ teamId: demo.teamId, date });
    expect(board.travel.provider).toBe(`osrm:${osrm.url}/driving`);
    expect(board.crews.some((c) => c.id === moves[0]?.crewId)).toBe(true);

    const asked = osrm.requests.length;
    const again = await caller().planning.start({ teamId: demo.teamId, date, timeLimitMs: 500 });
    expect((await settledPlan(caller(), again.runId)).state).toBe('done');
    expect(osrm.requests).toHaveLength(asked);
  });

  it('OSRM down: the plan is made and checked on straight-line, and the preview says so', async () => {
    const down = await startFakeOsrm();
    down.behaviour = 'error5xx';
    Object.assign(env, { OSRM_URL: down.url });
    try {
      const { preview } = await planApplyAndCheck(addDays(TODAY, 5), 'ROUTING_FALLBACK');
      expect(preview.travel).toEqual({ provider: `osrm:${down.url}/driving`, warning: 'ROUTING_FALLBACK' });
      expect(down.requests.length).toBeGreaterThan(0);
    } finally {
      Object.assign(env, { OSRM_URL: osrm.url });
      await down.close();
    }
  });
});
