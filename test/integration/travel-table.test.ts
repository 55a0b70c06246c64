import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { travelPairs, visits } from '../../drizzle/schema';
import { loadTravelTable, placeKey, UNREACHABLE_MINUTES } from '../../server/modules/travel/travel.service';
import { createCaller } from '../../server/trpc/root';
import { haversineM, type LatLng, STRAIGHT_LINE_MODEL, travelMinutes } from '../../shared/geo';
import { addDays } from '../../shared/time';
import { type FakeOsrm, type OsrmBehaviour, SLOW_ROADS, startFakeOsrm } from '../helpers/fake-osrm';
import { makeContext, testEnv } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';

/** Places in Shanghai a few km apart, none of them a demo address. */
const spot = (i: number): LatLng => ({ lat: 31.2 + 0.013 * i, lng: 121.45 + 0.017 * ((i * 7) % 5) });
const spots = (from: number, n: number) => Array.from({ length: n }, (_, k) => spot(from + k));
const roadMinutes = (a: LatLng, b: LatLng) => Math.ceil((SLOW_ROADS(a, b)?.seconds as number) / 60);

describe('one travel table for a team-day, from the configured provider', () => {
  const demo = setUpDemoCity();
  let osrm: FakeOsrm;
  let env: typeof testEnv;

  beforeAll(async () => {
    osrm = await startFakeOsrm();
    env = { ...testEnv, OSRM_URL: osrm.url };
  });
  afterAll(async () => osrm?.close());

  const storedPairs = (provider: string, places: LatLng[]) =>
    demo.handle.db
      .select({ seconds: travelPairs.seconds })
      .from(travelPairs)
      .where(and(eq(travelPairs.provider, provider), inArray(travelPairs.fromKey, places.map(placeKey))));

  it('uses the road numbers OSRM answers, and asks only once: a second build (any instance) reads the cache', async () => {
    const places = spots(0, 5);
    const before = osrm.requests.length;
    const table = await loadTravelTable({ db: demo.handle.db, env }, places);
    expect(table.provider).toBe(`osrm:${osrm.url}/driving`);
    expect(table.warning).toBeNull();
    expect(osrm.requests.length).toBeGreaterThan(before);
    const [a, b] = places as [LatLng, LatLng];
    expect(table.minutes(a, b)).toBe(roadMinutes(a, b));
    // The slow roads are not the straight-line model: the table did not fall back silently.
    expect(table.minutes(a, b)).toBeGreaterThan(travelMinutes(a, b));
    expect(table.metres(a, b)).toBeCloseTo(SLOW_ROADS(a, b)?.metres as number, 3);
    // The solver's durations are exactly the rules' minutes × 60.
    const m = table.matrix();
    expect(m.durations[0 * 5 + 1]).toBe(roadMinutes(a, b) * 60);
    expect(await storedPairs(table.provider, places)).toHaveLength(5 * 4);

    const asked = osrm.requests.length;
    const again = await loadTravelTable({ db: demo.handle.db, env }, [...places].reverse());
    expect(osrm.requests.length).toBe(asked);
    expect(again.minutes(a, b)).toBe(table.minutes(a, b));
    // One new place: only its pairs are missing, and they are asked for once.
    const more = await loadTravelTable({ db: demo.handle.db, env }, [...places, spot(5)]);
    expect(osrm.requests.length).toBe(asked + 1);
    expect(more.minutes(spot(5), a)).toBe(roadMinutes(spot(5), a));
    expect(await storedPairs(table.provider, [...places, spot(5)])).toHaveLength(6 * 5);
  });

  it('straight-line is computed from the rules model and stores nothing', async () => {
    const places = spots(10, 3);
    const table = await loadTravelTable({ db: demo.handle.db, env: testEnv }, places);
    const [a, b] = places as [LatLng, LatLng];
    expect(table.provider).toBe('straight-line');
    expect(table.minutes(a, b)).toBe(travelMinutes(a, b));
    expect(table.metres(a, b)).toBe(haversineM(a, b) * STRAIGHT_LINE_MODEL.detourFactor);
    expect(table.matrix().durations[1]).toBe(travelMinutes(a, b) * 60);
    expect(await storedPairs('straight-line', places)).toHaveLength(0);
  });

  for (const behaviour of ['error5xx', 'garbage', 'notOk', 'hang'] as OsrmBehaviour[]) {
    it(`OSRM failing (${behaviour}) → straight-line numbers with ROUTING_FALLBACK, logged once, nothing cached`, async () => {
      const down = await startFakeOsrm();
      down.behaviour = behaviour;
      try {
        const warned: unknown[] = [];
        const places = spots(20, 4);
        const table = await loadTravelTable(
          {
            db: demo.handle.db,
            env: { ...testEnv, OSRM_URL: down.url },
            log: { warn: (...args: unknown[]) => warned.push(args) },
            osrmTimeoutMs: 300,
          } as Parameters<typeof loadTravelTable>[0],
          places,
        );
        const [a, b] = places as [LatLng, LatLng];
        expect(down.requests.length).toBeGreaterThan(0);
        expect(table.warning).toBe('ROUTING_FALLBACK');
        expect(table.minutes(a, b)).toBe(travelMinutes(a, b));
        expect(table.metres(a, b)).toBe(haversineM(a, b) * STRAIGHT_LINE_MODEL.detourFactor);
        expect(warned).toHaveLength(1);
        expect(await storedPairs(table.provider, places)).toHaveLength(0);
      } finally {
        await down.close();
      }
    });
  }

  it('two instances building the same missing pairs at once: no error, one row per pair', async () => {
    const places = spots(30, 6);
    const [one, two] = await Promise.all([
      loadTravelTable({ db: demo.handle.db, env }, places),
      loadTravelTable({ db: demo.handle.db, env }, places),
    ]);
    const [a, b] = places as [LatLng, LatLng];
    expect(one?.minutes(a, b)).toBe(roadMinutes(a, b));
    expect(two?.minutes(a, b)).toBe(roadMinutes(a, b));
    expect(await storedPairs(`osrm:${osrm.url}/driving`, places)).toHaveLength(6 * 5);
  });

  describe('through the real router', () => {
    let DAY = TODAY;
    beforeAll(async () => {
      // A day of the demo city from today on where some crew has stops planned in a row.
      const [busy] = await demo.handle.db
        .select({ date: visits.visitDate })
        .from(visits)
        .where(and(eq(visits.teamId, demo.teamId), eq(visits.status, 'assigned'), gte(visits.visitDate, TODAY)))
        .groupBy(visits.visitDate, visits.crewId)
        .having(sql`count(*) >= 2`)
        .orderBy(visits.visitDate)
        .limit(1);
      if (!busy) throw new Error('the demo city has no crew with two stops');
      DAY = busy.date;
    });
    const callerWith = (routing: Partial<typeof testEnv>, locale: 'en' | 'zh-CN' = 'en') =>
      createCaller({
        ...makeContext(demo.handle, demo.users.dispatcher, { locale }),
        env: { ...testEnv, ...routing },
      });

    /** A crew of the day with at least two stops, and its second stop (the rules check travel from the first). */
    async function secondStop() {
      const board = await callerWith({}).dispatch.day({ teamId: demo.teamId, date: DAY });
      for (const crew of board.crews) {
        const route = board.visits
          .filter((v) => v.crewId === crew.id && v.status === 'assigned' && v.plannedArrival)
          .sort((x, y) => (x.plannedArrival ?? '').localeCompare(y.plannedArrival ?? ''));
        if (route.length >= 2) return { crewId: crew.id, first: route[0], visit: route[1] };
      }
      throw new Error('no crew with two stops on the demo day');
    }

    type Board = Awaited<ReturnType<ReturnType<typeof callerWith>['dispatch']['day']>>;
    /** A board's first travel block and the stops it joins: it leaves the stop before the one it leads to. */
    function firstLeg(board: Board) {
      for (const crew of board.crews) {
        const leg = crew.legs[0];
        if (!leg) continue;
        const route = board.visits
          .filter((v) => v.crewId === crew.id && v.status !== 'cancelled' && v.plannedArrival)
          .sort((x, y) => (x.plannedArrival ?? '').localeCompare(y.plannedArrival ?? ''));
        const at = route.findIndex((v) => v.id === leg.toVisitId);
        expect(at).toBeGreaterThan(0);
        return { leg, from: route[at - 1] as LatLng, to: route[at] as LatLng };
      }
      throw new Error('no travel leg on the demo day');
    }

    it("the board's legs and totals are the road engine's minutes", async () => {
      const board = await callerWith({ OSRM_URL: osrm.url }).dispatch.day({ teamId: demo.teamId, date: DAY });
      expect(board.travel).toEqual({ provider: `osrm:${osrm.url}/driving`, warning: null });
      const { leg, from, to } = firstLeg(board);
      expect(leg.minutes).toBe(roadMinutes(from, to));
      const straight = await callerWith({}).dispatch.day({ teamId: demo.teamId, date: DAY });
      expect(straight.travel).toEqual({ provider: 'straight-line', warning: null });
      expect(straight.crews.flatMap((c) => c.legs)[0]?.minutes).toBe(travelMinutes(from, to));
    });

    it('OSRM down: the board shows straight-line numbers with the ROUTING_FALLBACK warning', async () => {
      const down = await startFakeOsrm();
      down.behaviour = 'error5xx';
      try {
        const board = await callerWith({ OSRM_URL: down.url }).dispatch.day({ teamId: demo.teamId, date: DAY });
        expect(board.travel.warning).toBe('ROUTING_FALLBACK');
        const { leg, from, to } = firstLeg(board);
        expect(leg.minutes).toBe(travelMinutes(from, to));
      } finally {
        await down.close();
      }
    });

    it('a move asks the road engine before its transaction: the crew is never locked while OSRM is asked', async () => {
      // A routed stop ahead of the clock (today's may be past): moving it where it is is a valid move.
      let found: { crewId: string; visit: { id: string; version: number; plannedArrival: string } } | null = null;
      for (let d = 1; d <= 5 && !found; d++) {
        const board = await callerWith({}).dispatch.day({ teamId: demo.teamId, date: addDays(TODAY, d) });
        const v = board.visits.find((x) => x.status === 'assigned' && x.crewId && x.plannedArrival);
        if (v?.crewId && v.plannedArrival)
          found = { crewId: v.crewId, visit: { ...v, plannedArrival: v.plannedArrival } };
      }
      if (!found) throw new Error('no routed stop on the coming demo days');
      const { crewId, visit } = found;
      // Roads exactly as long as the straight-line model, so the stop where it is passes every rule.
      const roads = await startFakeOsrm((a, b) => ({
        seconds: travelMinutes(a, b) * 60,
        metres: haversineM(a, b) * STRAIGHT_LINE_MODEL.detourFactor,
      }));
      // While the engine is asked, try to take the crew's row lock at once: refused (55P03) only if a write
      // transaction holds it. (On PGlite's one connection a transaction waiting on the engine would keep this
      // read waiting until the engine timed out, and the move would report the fallback instead.)
      const lockedWhileAsked: boolean[] = [];
      roads.beforeAnswer = async () => {
        const locked = await demo.handle.db
          .transaction(async (tx) => {
            await tx.execute(sql`select id from crews where id = ${crewId} for update nowait`);
            return false;
          })
          .catch((err: { cause?: { code?: string }; code?: string }) => (err.cause?.code ?? err.code) === '55P03');
        lockedWhileAsked.push(locked);
      };
      try {
        const moved = await callerWith({ OSRM_URL: roads.url }).dispatch.move({
          visitId: visit.id,
          crewId,
          arrival: visit.plannedArrival,
          version: visit.version,
          idempotencyKey: crypto.randomUUID(),
        });
        expect(moved).toMatchObject({ visitId: visit.id, crewId, version: visit.version + 1 });
        expect(roads.requests.length).toBeGreaterThan(0);
        expect(lockedWhileAsked).toHaveLength(roads.requests.length);
        expect(lockedWhileAsked.every((locked) => !locked)).toBe(true);
        const pairs = await demo.handle.db
          .select({ seconds: travelPairs.seconds })
          .from(travelPairs)
          .where(eq(travelPairs.provider, `osrm:${roads.url}/driving`));
        expect(pairs.length).toBeGreaterThan(0);
      } finally {
        await roads.close();
      }
    });

    it('a stop no road leads to is refused with TRAVEL_TIME (translated), and stored as unreachable', async () => {
      const { crewId, first, visit } = await secondStop();
      if (!first || !visit?.plannedArrival) throw new Error('no second stop');
      // Roads exactly as long as the straight-line model: the stop as planned passes the travel rule.
      const same = await startFakeOsrm((a, b) => ({
        seconds: travelMinutes(a, b) * 60,
        metres: haversineM(a, b) * STRAIGHT_LINE_MODEL.detourFactor,
      }));
      // The same roads, but the stop is across water nobody can cross.
      const cut = await startFakeOsrm(same.model);
      cut.islands.add(placeKey(visit));
      try {
        const move = { visitId: visit.id, crewId, arrival: visit.plannedArrival };
        const ok = await callerWith({ OSRM_URL: same.url }).dispatch.checkMove(move);
        expect(ok.violations.map((v) => v.code)).not.toContain('TRAVEL_TIME');
        expect(same.requests.length).toBeGreaterThan(0);

        const en = await callerWith({ OSRM_URL: cut.url }).dispatch.checkMove(move);
        const zh = await callerWith({ OSRM_URL: cut.url }, 'zh-CN').dispatch.checkMove(move);
        expect(en.ok).toBe(false);
        const travelEn = en.violations.find((v) => v.code === 'TRAVEL_TIME');
        const travelZh = zh.violations.find((v) => v.code === 'TRAVEL_TIME');
        expect(travelEn?.params).toMatchObject({ need: UNREACHABLE_MINUTES });
        expect(travelEn?.message).toContain('travel time');
        expect(travelZh?.message).toContain('路程时间不足');
        const stored = await demo.handle.db
          .select({ seconds: travelPairs.seconds, metres: travelPairs.metres })
          .from(travelPairs)
          .where(
            and(
              eq(travelPairs.provider, `osrm:${cut.url}/driving`),
              eq(travelPairs.fromKey, placeKey(first)),
              eq(travelPairs.toKey, placeKey(visit)),
            ),
          );
        expect(stored).toEqual([{ seconds: null, metres: null }]);
      } finally {
        await same.close();
        await cut.close();
      }
    });
  });
});
