import { describe, expect, it } from 'vitest';
import { type SolveOptions, solve } from '../../server/solver/index';
import type { Problem } from '../../server/solver/model/types';
import { RoutePool, solveCover } from '../../server/solver/search/pool';
import { Rng } from '../../server/solver/search/rng';
import { expectSeededRunRepeats, seededRoutes, solomonProblem, tickingClock } from './helpers';
import { verifyPlan } from './verify';

/** Random columns over n visits (every visit alone too, so a cover exists), with their costs. */
function randomPool(seed: number, n: number, columns: number): RoutePool {
  const rng = new Rng(seed);
  const pool = new RoutePool(n, 1, 10_000);
  for (let j = 0; j < n; j++) pool.addColumn([j], 1, 10 + rng.next() * 10);
  for (let c = 0; c < columns; c++) {
    const size = 2 + rng.int(3);
    const set = new Set<number>();
    while (set.size < size) set.add(rng.int(n));
    pool.addColumn([...set], size, 5 + rng.next() * 10 * size);
  }
  return pool;
}

/** The cheapest exact cover with at most `fleet` columns, by trying every subset of columns in turn (small pools). */
function bruteForce(pool: RoutePool, fleet: number): number {
  let best = Number.POSITIVE_INFINITY;
  const used = new Uint8Array(pool.n);
  const go = (c: number, cost: number, count: number, covered: number): void => {
    if (covered === pool.n) {
      best = Math.min(best, cost);
      return;
    }
    if (c === pool.size || count === fleet) return;
    const seq = pool.seqs[c]!;
    if (seq.every((j) => !used[j])) {
      for (const j of seq) used[j] = 1;
      go(c + 1, cost + pool.costs[c]!, count + 1, covered + seq.length);
      for (const j of seq) used[j] = 0;
    }
    go(c + 1, cost, count, covered);
  };
  go(0, 0, 0, 0);
  return best;
}

/** A seeded 1,500-iteration run on a fake clock with the recombination at the end only, at `spTol` (0 = off). */
const opts = (spTol: number) => ({
  seed: 2,
  timeLimitMs: 1e9,
  clock: tickingClock(),
  maxIterations: 1_500,
  balanceWeight: 0,
  tuning: { spTol, spMid: 0 },
});

const coverCost = (pool: RoutePool, cols: number[]) => cols.reduce((a, c) => a + pool.costs[c]!, 0);

describe('set-partitioning recombination (search/pool.ts)', () => {
  it('keeps one column per set of visits, at its cheapest order', () => {
    const pool = new RoutePool(40, 1, 100);
    pool.addColumn([3, 1, 2], 3, 30);
    pool.addColumn([1, 2, 3], 3, 25);
    pool.addColumn([2, 3, 1], 3, 28);
    pool.addColumn([33, 1], 2, 12);
    expect(pool.size).toBe(2);
    expect(pool.costs).toEqual([25, 12]);
    expect(Array.from(pool.seqs[0]!)).toEqual([1, 2, 3]);
  });

  it('finds the cheapest exact cover on random pools, and nothing when the incumbent is as cheap', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const n = 9 + (seed % 4);
      const pool = randomPool(seed, n, 16);
      const fleet = seed % 3 === 0 ? 5 : n;
      const optimum = bruteForce(pool, fleet);
      const cols = solveCover(pool, Number.POSITIVE_INFINITY, fleet, 1e7);
      expect(cols).toBeDefined();
      expect(coverCost(pool, cols!)).toBeCloseTo(optimum, 9);
      expect(cols!.length).toBeLessThanOrEqual(fleet);
      const covered = cols!.flatMap((c) => Array.from(pool.seqs[c]!)).sort((a, b) => a - b);
      expect(covered).toEqual(Array.from({ length: n }, (_, j) => j));
      expect(solveCover(pool, optimum, fleet, 1e7)).toBeUndefined();
    }
  });

  it('gives up (undefined) when some visit is on no column', () => {
    const pool = new RoutePool(3, 1, 10);
    pool.addColumn([0, 1], 2, 5);
    expect(solveCover(pool, Number.POSITIVE_INFINITY, 3, 1e6)).toBeUndefined();
  });

  const run = (tuning: SolveOptions['tuning']) => seededRoutes('RC102', tuning, 6, 4_000);

  it('keeps a seeded run deterministic and checked, and is off at spTol 0', () => {
    expectSeededRunRepeats({ spTol: 0.005 });
    expectSeededRunRepeats({ spTol: 0.005, spMid: 2 });
    // Without a pool the recombinations during the run have nothing to recombine.
    expect(run({ spTol: 0, spMid: 2 })).toEqual(run({ spTol: 0, spMid: 0 }));
  });

  it('a recombined plan can be shorter than the run’s best (RC108, seed 4, 4,000 iterations) and stays feasible', () => {
    const p = solomonProblem('RC108');
    const opts = (spTol: number) => ({
      seed: 4,
      timeLimitMs: 1e9,
      clock: tickingClock(),
      maxIterations: 4_000,
      balanceWeight: 0,
      tuning: { spTol, spMid: 0 },
    });
    const off = solve(p, opts(0));
    const on = solve(p, opts(0.01));
    expect(on.distance).toBeLessThan(off.distance - 1);
    expect(on.unassigned).toEqual([]);
    expect(verifyPlan(p, on)).toEqual([]);
  });

  it('during the run (spMid), a cheaper cover becomes the best and the annealing goes on from it (R105, seed 3)', () => {
    const p = solomonProblem('R105');
    const at = (spMid: number) =>
      solve(p, {
        seed: 3,
        timeLimitMs: 1e9,
        clock: tickingClock(),
        maxIterations: 3_000,
        balanceWeight: 0,
        tuning: { spTol: 0.005, spMid },
      });
    const end = at(0);
    const during = at(2);
    // 1,391.74 with the recombination at the end only, 1,360.78 with two during the run as well.
    expect(during.distance).toBeLessThan(end.distance - 10);
    expect(during.unassigned).toEqual([]);
    expect(verifyPlan(p, during)).toEqual([]);
  });

  it('is off when a visit is pinned to a crew: pooled routes would go back on other vehicles', () => {
    const p = solomonProblem('R101');
    const crew = p.vehicles[3]!.id;
    const pinned: Problem = { ...p, jobs: p.jobs.map((j, k) => (k === 10 ? { ...j, pin: { vehicleId: crew } } : j)) };
    const a = solve(pinned, opts(0.01));
    expect(a.routes).toEqual(solve(pinned, opts(0)).routes);
    expect(a.routes.find((r) => r.stops.some((s) => s.jobId === p.jobs[10]!.id))?.vehicleId).toBe(crew);
    expect(verifyPlan(pinned, a)).toEqual([]);
  });

  it('is off for a fleet of several vehicle classes', () => {
    const p: Problem = solomonProblem('R101');
    const mixed: Problem = {
      ...p,
      vehicles: p.vehicles.map((v, k) => (k % 2 ? { ...v, capacity: (v.capacity ?? 0) + 1 } : v)),
    };
    const a = solve(mixed, opts(0.01));
    expect(a.routes).toEqual(solve(mixed, opts(0)).routes);
    expect(verifyPlan(mixed, a)).toEqual([]);
    // The same run with one vehicle class is recombined (1,651.26 → 1,650.80).
    expect(solve(p, opts(0.01)).distance).toBeLessThan(solve(p, opts(0)).distance);
  });
});
