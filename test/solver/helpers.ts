import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { parseSolomon, type SolveOptions, solomonToProblem, solve } from '../../server/solver/index';
import type { Problem, Solution } from '../../server/solver/model/types';
import { verifyPlan } from './verify';

/** Reads a Solomon benchmark instance from the shared bench folder (resolved from the repo root). */
export function solomonProblem(name: string): Problem {
  const file = resolve(process.cwd(), '../shared/bench/solomon', `${name}.txt`);
  return solomonToProblem(parseSolomon(readFileSync(file, 'utf8')));
}

/** A fake clock that advances 1 ms per read, so time-limited runs are reproducible in tests. */
export function tickingClock(step = 1): () => number {
  let t = 0;
  return () => {
    t += step;
    return t;
  };
}

/** One seeded Solomon run under an iteration limit and a fake clock: the routes as job ids, and the distance. */
export function seededRoutes(
  name: string,
  tuning: SolveOptions['tuning'],
  seed: number,
  maxIterations: number,
  balanceWeight = 0,
) {
  const sol = solve(solomonProblem(name), {
    seed,
    timeLimitMs: 1e9,
    clock: tickingClock(),
    maxIterations,
    balanceWeight,
    tuning,
  });
  return { routes: sol.routes.map((r) => r.stops.map((s) => s.jobId)), distance: sol.distance };
}

/**
 * Solves RC103 twice with seed 5 under a 3,000-iteration limit and a fake clock, with the given tuning: both runs
 * must give the same routes and distance, serve every visit and pass the independent checker. Returns one run.
 */
export function expectSeededRunRepeats(tuning: SolveOptions['tuning']): Solution {
  const p = solomonProblem('RC103');
  const opts = () => ({ seed: 5, timeLimitMs: 1e9, clock: tickingClock(), maxIterations: 3_000, tuning });
  const a = solve(p, opts());
  const b = solve(p, opts());
  expect(b.routes.map((r) => r.stops.map((s) => s.jobId))).toEqual(a.routes.map((r) => r.stops.map((s) => s.jobId)));
  expect(b.distance).toBe(a.distance);
  expect(a.unassigned).toEqual([]);
  expect(verifyPlan(p, a)).toEqual([]);
  return a;
}

/** A small problem on a line/grid with explicit coordinates; time = distance. */
export function gridProblem(
  points: [number, number][],
  jobs: { at: number; window?: [number, number]; service?: number; demand?: number }[],
  vehicles: number,
  opts: { capacity?: number; shift?: [number, number] } = {},
): Problem {
  const size = points.length;
  const durations = new Float64Array(size * size);
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) {
      const [ax, ay] = points[a]!;
      const [bx, by] = points[b]!;
      durations[a * size + b] = Math.hypot(ax - bx, ay - by);
    }
  const shift = opts.shift ?? [0, 10_000];
  return {
    matrix: { size, durations, distances: durations },
    vehicles: Array.from({ length: vehicles }, (_, k) => ({
      id: `v${k}`,
      startIndex: 0,
      endIndex: 0,
      shift: { start: shift[0], end: shift[1] },
      capacity: opts.capacity,
    })),
    jobs: jobs.map((j, k) => ({
      id: `j${k}`,
      locationIndex: j.at,
      service: j.service ?? 0,
      windows: [{ start: j.window?.[0] ?? 0, end: j.window?.[1] ?? 10_000 }],
      demand: j.demand ?? 0,
    })),
  };
}
