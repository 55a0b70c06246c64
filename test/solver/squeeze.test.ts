import { describe, expect, it } from 'vitest';
import { regretConstruct } from '../../server/solver/construct/regret';
import { RouteBuilder } from '../../server/solver/eval/builder';
import { compileInstance } from '../../server/solver/model/instance';
import type { Solution } from '../../server/solver/model/types';
import { routePlan } from '../../server/solver/result/plan';
import { nearestJobs } from '../../server/solver/search/neighbours';
import { Rng } from '../../server/solver/search/rng';
import { defaultRuin } from '../../server/solver/search/ruin';
import { SolutionState } from '../../server/solver/search/solution';
import { FleetSqueeze } from '../../server/solver/search/squeeze';
import { expectSeededRunRepeats, solomonProblem } from './helpers';
import { verifyPlan } from './verify';

const used = (s: SolutionState) => s.routes.filter((r) => r.len > 0).length;

describe('fleet squeeze', () => {
  it('serves every visit of a constructed Solomon plan with one route fewer, and the plan is valid', () => {
    // The regret construction uses 11 vehicles on C101; 10 is the known minimum, and the squeeze must find it.
    const problem = solomonProblem('C101');
    const inst = compileInstance(problem, 0);
    const b = new RouteBuilder(inst);
    const start = new SolutionState(inst);
    regretConstruct(start, b, () => false);
    expect(start.unassigned.length).toBe(0);
    const rng = new Rng(7);
    const squeeze = new FleetSqueeze(start, b, nearestJobs(inst, 100, false), rng, defaultRuin, 0.01, 0);
    expect(squeeze.begin(start, 20_000)).toBe(true);
    let fewer: SolutionState | undefined;
    while (!fewer && squeeze.active) fewer = squeeze.step();
    expect(fewer).toBeDefined();
    const out = fewer!;
    expect(out.unassigned.length).toBe(0);
    expect(used(out)).toBe(used(start) - 1);
    const routes = out.routes.filter((r) => r.len > 0).map((r) => routePlan(inst, r));
    const sol: Solution = {
      routes,
      unassigned: [],
      cost: out.cost(),
      travelDuration: 0,
      distance: 0,
      iterations: 0,
      elapsedMs: 0,
    };
    expect(verifyPlan(problem, sol)).toEqual([]);
    expect(routes.reduce((a, r) => a + r.stops.length, 0)).toBe(problem.jobs.length);
  });

  it('keeps a seeded run deterministic when squeezes start (fixed iterations, fake clock)', () => {
    expectSeededRunRepeats({ squeezeAfter: 200, squeezeIters: 300 });
  });
});
