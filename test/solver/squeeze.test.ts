import { describe, expect, it } from 'vitest';
import { regretConstruct } from '../../server/solver/construct/regret';
import { RouteBuilder } from '../../server/solver/eval/builder';
import { solve } from '../../server/solver/index';
import { compileInstance } from '../../server/solver/model/instance';
import type { Solution } from '../../server/solver/model/types';
import { routePlan } from '../../server/solver/result/plan';
import { ejectInsert } from '../../server/solver/search/ejection';
import { bestInsertion, type InsertionChoice } from '../../server/solver/search/insertion';
import { nearestJobs } from '../../server/solver/search/neighbours';
import { Rng } from '../../server/solver/search/rng';
import { defaultRuin } from '../../server/solver/search/ruin';
import { SolutionState } from '../../server/solver/search/solution';
import { FleetSqueeze } from '../../server/solver/search/squeeze';
import { solomonProblem, tickingClock } from './helpers';
import { verifyPlan } from './verify';

const used = (s: SolutionState) => s.routes.filter((r) => r.len > 0).length;

/** The state as a Solution the independent referee can check. */
function asSolution(inst: ReturnType<typeof compileInstance>, s: SolutionState): Solution {
  const routes = s.routes.filter((r) => r.len > 0).map((r) => routePlan(inst, r));
  return { routes, unassigned: [], cost: s.cost(), travelDuration: 0, distance: 0, iterations: 0, elapsedMs: 0 };
}

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
    const p = solomonProblem('RC103');
    const opts = () => ({
      seed: 5,
      timeLimitMs: 1e9,
      clock: tickingClock(),
      maxIterations: 3_000,
      tuning: { squeezeAfter: 200, squeezeIters: 300 },
    });
    const a = solve(p, opts());
    const b = solve(p, opts());
    expect(b.routes.map((r) => r.stops.map((s) => s.jobId))).toEqual(a.routes.map((r) => r.stops.map((s) => s.jobId)));
    expect(b.distance).toBe(a.distance);
    expect(a.unassigned).toEqual([]);
    expect(verifyPlan(p, a)).toEqual([]);
  });

  it('places a visit no used route can take by ejecting easier ones, and the routes stay valid', () => {
    // Emptying the longest route of a constructed RC101 plan leaves visits that fit nowhere without ejection.
    const problem = solomonProblem('RC101');
    const inst = compileInstance(problem, 0);
    const b = new RouteBuilder(inst);
    const s = new SolutionState(inst);
    regretConstruct(s, b, () => false);
    const longest = s.routes.reduce((a, r) => (r.len > a.len ? r : a));
    const out = Array.from(longest.nodes.subarray(0, longest.len));
    longest.removeRange(1, longest.len);
    for (const j of out) s.drop(j);
    s.touch(longest);
    const choice: InsertionChoice = { route: -1, pos: 0, delta: 0 };
    const stuck: number[] = [];
    for (const j of out) {
      bestInsertion(s, b, j, choice, undefined, 0, undefined, false);
      if (choice.route >= 0) s.place(s.routes[choice.route]!, choice.pos, j);
      else stuck.push(j);
    }
    expect(stuck.length).toBeGreaterThan(0);
    const absence = new Int32Array(inst.n);
    const hard = stuck[0]!;
    // Nothing is easier than a visit that was never left out: with its weight at 1 no ejection may happen.
    expect(ejectInsert(s, b, hard, absence, 1, [])).toBe(false);
    absence[hard] = 5;
    const ejected: number[] = [];
    const routesBefore = used(s);
    expect(ejectInsert(s, b, hard, absence, absence[hard]! + 1, ejected)).toBe(true);
    expect(ejected.length).toBeGreaterThanOrEqual(1);
    expect(ejected.length).toBeLessThanOrEqual(2);
    expect(s.routeOf[hard]).toBeGreaterThanOrEqual(0);
    for (const e of ejected) expect(s.unassigned).toContain(e);
    expect(used(s)).toBe(routesBefore);
    // Every served visit is where the job index says, and the referee finds the routes valid.
    for (const r of s.routes) for (let p = 1; p <= r.len; p++) expect(s.posOf[r.nodes[p - 1]!]).toBe(p);
    const plan = asSolution(inst, s);
    const served = plan.routes.reduce((a, r) => a + r.stops.length, 0);
    expect(served).toBe(inst.n - s.unassigned.length);
    const jobsOut = new Set(s.unassigned.map((j) => problem.jobs[j]!.id));
    const partial = { ...problem, jobs: problem.jobs.filter((j) => !jobsOut.has(j.id)) };
    expect(verifyPlan(partial, plan)).toEqual([]);
  });

  it('keeps a seeded run deterministic with ejection in squeezes (fixed iterations, fake clock)', () => {
    const p = solomonProblem('R110');
    const opts = () => ({
      seed: 3,
      timeLimitMs: 1e9,
      clock: tickingClock(),
      maxIterations: 3_000,
      tuning: { squeezeAfter: 200, squeezeIters: 300, squeezeEject: 50 },
    });
    const a = solve(p, opts());
    const b = solve(p, opts());
    expect(b.routes.map((r) => r.stops.map((s) => s.jobId))).toEqual(a.routes.map((r) => r.stops.map((s) => s.jobId)));
    expect(b.distance).toBe(a.distance);
    expect(a.unassigned).toEqual([]);
    expect(verifyPlan(p, a)).toEqual([]);
  });
});
