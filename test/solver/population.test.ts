import { describe, expect, it } from 'vitest';
import { regretConstruct } from '../../server/solver/construct/regret';
import { RouteBuilder } from '../../server/solver/eval/builder';
import { solve } from '../../server/solver/index';
import { compileInstance } from '../../server/solver/model/instance';
import { srex } from '../../server/solver/search/crossover';
import { nearestJobs } from '../../server/solver/search/neighbours';
import { Rng } from '../../server/solver/search/rng';
import { defaultSisr, runSisr } from '../../server/solver/search/sisr';
import { SolutionState } from '../../server/solver/search/solution';
import { IterationLimit } from '../../server/solver/stop/stopping';
import { expectSeededRunRepeats, solomonProblem, tickingClock } from './helpers';
import { verifyPlan } from './verify';

const served = (s: SolutionState) => s.routes.reduce((a, r) => a + r.len, 0);

describe('population search', () => {
  it('SREX child of two different plans serves every visit once, each route feasible', () => {
    const problem = solomonProblem('RC102');
    const inst = compileInstance(problem, 0);
    const b = new RouteBuilder(inst);
    const start = new SolutionState(inst);
    regretConstruct(start, b, () => false);
    const adj = nearestJobs(inst, 100, false);
    const parents = [1, 2].map((seed) => {
      const s = new SolutionState(inst);
      s.copyFrom(runSisr(start, b, adj, new Rng(seed), new IterationLimit(500), defaultSisr).best);
      return s;
    });
    expect(parents[0]!.toJobLists()).not.toEqual(parents[1]!.toJobLists());
    const rng = new Rng(3);
    const child = new SolutionState(inst);
    for (let k = 0; k < 20; k++) {
      srex(child, parents[0]!, parents[1]!, b, rng, adj, 0.01, 0);
      expect(served(child) + child.unassigned.length).toBe(inst.n);
      const seen = new Set(child.toJobLists().flat());
      expect(seen.size).toBe(served(child));
      for (const r of child.routes) {
        if (r.len === 0) continue;
        b.begin(r.v);
        for (let p = 0; p < r.len; p++) b.job(r.nodes[p]!);
        expect(b.end()).toBeLessThan(Number.POSITIVE_INFINITY);
      }
    }
  });

  it('keeps a seeded run deterministic and valid (fixed iterations, fake clock)', () => {
    const a = expectSeededRunRepeats({ population: 3, popChildShare: 0.1 });
    // Each run checks the limit every 8 iterations, and the last one ends at its first check past the limit.
    expect(a.iterations).toBeGreaterThanOrEqual(3_000);
    expect(a.iterations).toBeLessThan(3_008);
  });

  it('the gate reads an iteration limit as the expected run: 3,000 iterations on 100 visits is 30 per visit', () => {
    // A gate above 30 per visit leaves the one annealing run exactly as it was; below it the population takes over
    // after the probe, and that run too repeats exactly and is valid.
    const one = expectSeededRunRepeats({ population: 1 });
    const above = expectSeededRunRepeats({ popGate: 31 });
    expect(above.routes).toEqual(one.routes);
    expect(above.iterations).toBe(one.iterations);
    const below = expectSeededRunRepeats({ popGate: 29 });
    expect(below.routes).not.toEqual(one.routes);
    expect(below.iterations).toBeGreaterThanOrEqual(3_000);
    expect(below.iterations).toBeLessThan(3_008);
  });

  it('a cancel after the gate handed over stops the population and returns its best plan (the Cancel of a planning run)', () => {
    // 200,000 iterations on 100 visits reads 2,000 per visit: the population takes over at the probe (1,000), and
    // the planner's cancel (onProgress answering true) must reach it there as it reached the one annealing run.
    const p = solomonProblem('RC103');
    const seen: number[] = [];
    const plan = solve(p, {
      seed: 5,
      timeLimitMs: 1e9,
      clock: tickingClock(),
      maxIterations: 200_000,
      tuning: { popGate: 600 },
      onProgress: ({ iteration }) => {
        seen.push(iteration);
        return iteration >= 5_000;
      },
    });
    // Progress counts on across the hand-over (the population's iterations start at the probe's), then stops.
    expect(Math.min(...seen.filter((i) => i > 1_000))).toBeLessThan(2_000);
    expect(plan.iterations).toBeGreaterThanOrEqual(5_000);
    expect(plan.iterations).toBeLessThan(20_000);
    expect(plan.unassigned).toEqual([]);
    expect(verifyPlan(p, plan)).toEqual([]);
  });
});
