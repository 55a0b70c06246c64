import { describe, expect, it } from 'vitest';
import { solve } from '../../server/solver/index';
import type { Problem } from '../../server/solver/model/types';
import { Rng } from '../../server/solver/search/rng';
import { gridProblem, solomonProblem, tickingClock } from './helpers';
import { verifyPlan } from './verify';

/** Cost of one vehicle's sequence under Solomon rules, +∞ if infeasible. */
function seqCost(p: Problem, seq: number[]): number {
  const { size, durations } = p.matrix;
  const v = p.vehicles[0]!;
  let t = v.shift.start;
  let loc = v.startIndex;
  let load = 0;
  let cost = 0;
  for (const j of seq) {
    const job = p.jobs[j]!;
    const d = durations[loc * size + job.locationIndex]!;
    cost += d;
    t = Math.max(t + d, job.windows[0]!.start);
    if (t > job.windows[0]!.end + 1e-9) return Number.POSITIVE_INFINITY;
    t += job.service;
    load += job.demand ?? 0;
    loc = job.locationIndex;
  }
  if (seq.length === 0) return 0;
  const back = durations[loc * size + v.endIndex]!;
  if (t + back > v.shift.end + 1e-9 || load > (v.capacity ?? Number.POSITIVE_INFINITY)) return Number.POSITIVE_INFINITY;
  return cost + back;
}

/** Exhaustive optimum for two identical vehicles: every permutation, every split point. */
function bruteForce(p: Problem): number {
  const n = p.jobs.length;
  let best = Number.POSITIVE_INFINITY;
  const perm = Array.from({ length: n }, (_, i) => i);
  const permute = (k: number) => {
    if (k === n) {
      for (let cut = 0; cut <= n; cut++) {
        const a = seqCost(p, perm.slice(0, cut));
        if (a >= best) continue;
        best = Math.min(best, a + seqCost(p, perm.slice(cut)));
      }
      return;
    }
    for (let i = k; i < n; i++) {
      [perm[k], perm[i]] = [perm[i]!, perm[k]!];
      permute(k + 1);
      [perm[k], perm[i]] = [perm[i]!, perm[k]!];
    }
  };
  permute(0);
  return best;
}

function randomTiny(seed: number, n: number): Problem {
  const rng = new Rng(seed);
  const points: [number, number][] = [[50, 50]];
  const jobs = [];
  for (let k = 0; k < n; k++) {
    points.push([rng.int(100), rng.int(100)]);
    const a = rng.int(300);
    jobs.push({
      at: k + 1,
      window: [a, a + 40 + rng.int(200)] as [number, number],
      service: 10,
      demand: 1 + rng.int(4),
    });
  }
  return gridProblem(points, jobs, 2, { capacity: 10, shift: [0, 600] });
}

describe('tiny instances: the solver finds the brute-force optimum', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random instance #${seed} (7–8 visits, 2 crews, windows and capacity)`, () => {
      const p = randomTiny(seed, seed % 2 === 0 ? 8 : 7);
      const optimum = bruteForce(p);
      const sol = solve(p, { seed: 1, timeLimitMs: 1e9, clock: tickingClock(), maxIterations: 2000, balanceWeight: 0 });
      expect(verifyPlan(p, sol)).toEqual([]);
      if (optimum === Number.POSITIVE_INFINITY) expect(sol.unassigned.length).toBeGreaterThan(0);
      else {
        expect(sol.unassigned).toEqual([]);
        expect(sol.distance).toBeCloseTo(optimum, 6);
      }
    });
  }
});

describe('determinism', () => {
  it('same input and seed give the same plan', () => {
    const p = solomonProblem('RC101');
    const opts = () => ({ seed: 42, timeLimitMs: 1e9, clock: tickingClock(), maxIterations: 400 });
    const a = solve(p, opts());
    const b = solve(p, opts());
    expect(b.routes.map((r) => r.stops.map((s) => s.jobId))).toEqual(a.routes.map((r) => r.stops.map((s) => s.jobId)));
    expect(b.distance).toBe(a.distance);
    const c = solve(p, { ...opts(), seed: 43 });
    expect(c.routes.length).toBeGreaterThan(0);
  });

  it('a progress listener that does not ask the elapsed time leaves a run on a ticking clock as it is', () => {
    // solver-trace watches runs through onProgress and solver-ab judges them without: both must see the same run.
    // The local search on new bests is budgeted from the clock, so a read per report would change the run.
    const p = solomonProblem('RC103');
    const opts = () => ({ seed: 1, timeLimitMs: 1e12, clock: tickingClock(), maxIterations: 3_000, balanceWeight: 0 });
    const quiet = solve(p, opts());
    let reports = 0;
    let elapsed = 0;
    const watched = solve(p, {
      ...opts(),
      onProgress: ({ iteration }) => {
        reports = iteration;
        return false;
      },
    });
    expect(reports).toBeGreaterThan(2_000);
    expect(watched.routes.map((r) => r.stops.map((s) => s.jobId))).toEqual(
      quiet.routes.map((r) => r.stops.map((s) => s.jobId)),
    );
    expect(watched.distance).toBe(quiet.distance);
    // Asked, it is the clock's reading since the start.
    solve(p, {
      ...opts(),
      maxIterations: 200,
      onProgress: (pr) => {
        elapsed = pr.elapsedMs;
        return false;
      },
    });
    expect(elapsed).toBeGreaterThan(0);
  });

  it('searches until 97 % of its time limit and stops within a few clock reads once the limit has passed', () => {
    // Replaces "within 5 %" ([250, 315] ms of a fake clock): the clock is the solver's only sense of time, so what
    // can be asserted exactly is how it reads it. The search must not stop before 97 % of the limit; the final
    // polish then runs until the limit or until it finds no improving move (a local optimum ends it sooner), and
    // once the limit has passed it may finish the step under way (each step checks the clock) but not go on.
    const p = solomonProblem('R201');
    const limit = 300;
    const step = 0.05;
    let now = 0;
    let readsPastLimit = 0;
    const sol = solve(p, {
      seed: 1,
      timeLimitMs: limit,
      clock: () => {
        now += step;
        if (now > limit) readsPastLimit++;
        return now;
      },
    });
    expect(sol.elapsedMs).toBeGreaterThanOrEqual(limit * 0.97);
    expect(readsPastLimit).toBeLessThanOrEqual(5);
    expect(sol.elapsedMs).toBeLessThanOrEqual(limit + 5 * step);
  });
});
