import { describe, expect, it } from 'vitest';
import {
  closeIdleSolvers,
  EuclideanProvider,
  idleSolverCount,
  OsrmProvider,
  PairCache,
  StraightLineProvider,
  setKeptSolverHeapLimit,
  startSolver,
  UNREACHABLE_SECONDS,
} from '../../server/routing/index';
import type { Problem, Progress, Solution } from '../../server/solver/model/types';
import { haversineM } from '../../shared/geo';
import { solomonProblem } from './helpers';

const places = [
  { lat: 52.52, lng: 13.405 },
  { lat: 52.53, lng: 13.41 },
  { lat: 52.5, lng: 13.38 },
  { lat: 52.51, lng: 13.45 },
  { lat: 52.54, lng: 13.36 },
];

/** A fake OSRM table endpoint: durations are |i − j| × 60 on the global coordinate order. */
function fakeOsrm(calls: string[]) {
  return async (url: string) => {
    calls.push(url);
    const [, coords, query] = url.match(/driving\/([^?]+)\?(.*)$/) ?? [];
    const pts = (coords ?? '').split(';');
    const params = new URLSearchParams(query);
    const src = (params.get('sources') ?? '').split(';').map(Number);
    const dst = (params.get('destinations') ?? '').split(';').map(Number);
    const idx = (k: number) => places.findIndex((p) => `${p.lng},${p.lat}` === pts[k]);
    const durations = src.map((s) =>
      dst.map((d) => (idx(s) === 3 && idx(d) === 4 ? null : Math.abs(idx(s) - idx(d)) * 60)),
    );
    const distances = src.map((s) => dst.map((d) => Math.abs(idx(s) - idx(d)) * 1000));
    return { ok: true, status: 200, json: async () => ({ code: 'Ok', durations, distances }) };
  };
}

describe('matrix providers', () => {
  it('straight-line applies the detour factor and average speed', async () => {
    const m = await new StraightLineProvider({ detourFactor: 1.5, speedKmh: 36 }).matrix(places);
    const crow = haversineM(places[0]!, places[1]!);
    expect(m.distances[1]).toBeCloseTo(crow * 1.5, 6);
    expect(m.durations[1]).toBeCloseTo((crow * 1.5) / 10, 6);
    expect(m.durations[0]).toBe(0);
  });

  it('euclidean is planar with time = distance', async () => {
    const m = await new EuclideanProvider().matrix([
      { lat: 0, lng: 0 },
      { lat: 4, lng: 3 },
    ]);
    expect(m.distances[1]).toBe(5);
    expect(m.durations[2]).toBe(5);
  });

  it('OSRM client tiles requests, caches pairs and marks unroutable pairs', async () => {
    const calls: string[] = [];
    const osrm = new OsrmProvider({ baseUrl: 'http://osrm.test/', maxTableSize: 4, fetch: fakeOsrm(calls) });
    const m = await osrm.matrix(places);
    expect(calls.length).toBe(8); // 5 places, tiles of 2 → 3 × 3, minus the diagonal-only tile
    expect(m.durations[0 * 5 + 2]).toBe(120);
    expect(m.distances[1 * 5 + 4]).toBe(3000);
    expect(m.durations[3 * 5 + 4]).toBe(UNREACHABLE_SECONDS);
    await osrm.matrix(places.slice(0, 3));
    expect(calls.length).toBe(8); // served from the cache
  });

  it('the pair cache keeps at most its limit and drops the oldest pair first', () => {
    // Replaces "a fresh cache has size 0", which held for any cache whatever set() did.
    const cache = new PairCache(2);
    cache.set('a', 'b', [60, 1000]);
    cache.set('a', 'c', [120, 2000]);
    expect(cache.get('a', 'b')).toEqual([60, 1000]);
    expect(cache.get('b', 'a')).toBeUndefined(); // a pair is directed: a→b is not b→a
    cache.set('a', 'd', [180, 3000]);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 'b')).toBeUndefined();
    expect(cache.get('a', 'c')).toEqual([120, 2000]);
    expect(cache.get('a', 'd')).toEqual([180, 3000]);
  });
});

describe('worker runner', () => {
  it('solves off the calling thread and reports progress', async () => {
    const seen: Progress[] = [];
    const run = startSolver(solomonProblem('C101'), { seed: 1, timeLimitMs: 1500, progressEveryMs: 100 }, (p) =>
      seen.push(p),
    );
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const sol = await run.result;
    clearInterval(timer);
    expect(sol.unassigned).toEqual([]);
    expect(sol.routes.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    // The event loop kept turning while the solver ran.
    expect(ticks).toBeGreaterThan(5);
  });

  it('cancel stops early and still returns a plan', async () => {
    const run = startSolver(solomonProblem('R101'), { seed: 1, timeLimitMs: 60_000 });
    setTimeout(() => run.cancel(), 1500);
    const t0 = Date.now();
    const sol = await run.result;
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(sol.unassigned).toEqual([]);
  });

  it('keeps a worker for the next solve, which plans as a fresh one', async () => {
    await closeIdleSolvers();
    // An iteration limit and no time-budgeted local search on new bests: the plan does not depend on the clock.
    const opts = { seed: 3, timeLimitMs: 1e9, maxIterations: 2_000, tuning: { lsOnBest: false } };
    const stops = (s: Solution) => s.routes.map((r) => r.stops.map((x) => x.jobId));
    const fresh = await startSolver(solomonProblem('RC101'), opts).result;
    expect(idleSolverCount()).toBe(1);
    // The kept worker takes the next solve (a different problem), then the first one again.
    const other = startSolver(solomonProblem('C101'), opts);
    expect(idleSolverCount()).toBe(0);
    expect((await other.result).unassigned).toEqual([]);
    expect(idleSolverCount()).toBe(1);
    const again = await startSolver(solomonProblem('RC101'), opts).result;
    expect(stops(again)).toEqual(stops(fresh));
    expect(again.distance).toBe(fresh.distance);
    // Two solves at once take two workers; both are kept, and a cancel reaches only its own solve.
    const a = startSolver(solomonProblem('R101'), { seed: 1, timeLimitMs: 60_000 });
    const b = startSolver(solomonProblem('RC101'), opts);
    expect(idleSolverCount()).toBe(0);
    const t0 = Date.now();
    a.cancel();
    expect((await a.result).unassigned).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(stops(await b.result)).toEqual(stops(fresh));
    expect(idleSolverCount()).toBe(2);
    await closeIdleSolvers();
    expect(idleSolverCount()).toBe(0);
  });

  it('a worker whose heap grew past the limit is not kept', async () => {
    await closeIdleSolvers();
    const was = setKeptSolverHeapLimit(0);
    try {
      expect((await startSolver(solomonProblem('C101'), { seed: 1, timeLimitMs: 200 }).result).unassigned).toEqual([]);
      expect(idleSolverCount()).toBe(0);
    } finally {
      setKeptSolverHeapLimit(was);
    }
    await startSolver(solomonProblem('C101'), { seed: 1, timeLimitMs: 200 }).result;
    expect(idleSolverCount()).toBe(1);
    await closeIdleSolvers();
  });

  it('a solve that fails ends its worker; the next solve still runs', async () => {
    await closeIdleSolvers();
    await startSolver(solomonProblem('C101'), { seed: 1, timeLimitMs: 200 }).result;
    expect(idleSolverCount()).toBe(1);
    const broken = { ...solomonProblem('C101'), matrix: undefined } as unknown as Problem;
    await expect(startSolver(broken, { seed: 1, timeLimitMs: 200 }).result).rejects.toThrow(/solver failed/);
    expect(idleSolverCount()).toBe(0);
    const sol = await startSolver(solomonProblem('C101'), { seed: 1, timeLimitMs: 200 }).result;
    expect(sol.unassigned).toEqual([]);
    expect(idleSolverCount()).toBe(1);
    await closeIdleSolvers();
  });
});
