import { describe, expect, it } from 'vitest';
import { regretConstruct } from '../../server/solver/construct/regret';
import { RouteBuilder } from '../../server/solver/eval/builder';
import { compileInstance } from '../../server/solver/model/instance';
import { nearestJobs } from '../../server/solver/search/neighbours';
import { CrossExchange } from '../../server/solver/search/operators/cross-exchange';
import { OrOpt } from '../../server/solver/search/operators/or-opt';
import { Relocate } from '../../server/solver/search/operators/relocate';
import type { Operator } from '../../server/solver/search/operators/shared';
import { Swap } from '../../server/solver/search/operators/swap';
import { SwapStar } from '../../server/solver/search/operators/swap-star';
import { TwoOptStar } from '../../server/solver/search/operators/two-opt-star';
import { Rng } from '../../server/solver/search/rng';
import { SolutionState } from '../../server/solver/search/solution';
import { gridProblem, solomonProblem } from './helpers';

const makers: [string, (b: RouteBuilder) => Operator][] = [
  ['relocate', (b) => new Relocate(b)],
  ['swap', (b) => new Swap(b)],
  ['2-opt*', (b) => new TwoOptStar(b)],
  ['or-opt', (b) => new OrOpt(b)],
  ['cross-exchange', (b) => new CrossExchange(b)],
  ['swap*', (b) => new SwapStar(b)],
];

/** Routes built by hand: two routes on a line where every operator has something to improve. */
function handBuilt() {
  const points: [number, number][] = [[0, 0]];
  for (let k = 1; k <= 10; k++) points.push([k * 10, k % 2 === 0 ? 5 : -5]);
  const jobs = points.slice(1).map((_, k) => ({ at: k + 1 }));
  const inst = compileInstance(gridProblem(points, jobs, 2));
  const s = new SolutionState(inst);
  // Deliberately interleaved routes: odd and even jobs swapped around.
  const lists = [
    [0, 3, 1, 6, 4],
    [2, 9, 5, 7, 8],
  ];
  lists.forEach((l, v) => {
    s.routes[v]!.setJobs(l);
    s.touch(s.routes[v]!);
  });
  s.unassigned.length = 0;
  return { inst, s };
}

describe('local-search operators: evaluate() delta equals cost(after) − cost(before)', () => {
  for (const [name, make] of makers) {
    it(`${name} on hand-built routes`, () => {
      const { inst, s } = handBuilt();
      const op = make(new RouteBuilder(inst));
      let checked = 0;
      for (let u = 0; u < inst.n; u++)
        for (let v = 0; v < inst.n; v++) {
          if (u === v) continue;
          const before = s.cost();
          const delta = op.evaluate(s, u, v);
          if (!Number.isFinite(delta)) continue;
          op.apply(s);
          expect(s.cost() - before).toBeCloseTo(delta, 6);
          checked++;
        }
      expect(checked).toBeGreaterThan(0);
    });

    it(`${name} on a constructed Solomon solution with time windows`, () => {
      let checked = 0;
      for (const instance of ['R101', 'C204', 'RC208']) {
        const inst = compileInstance(solomonProblem(instance));
        const b = new RouteBuilder(inst);
        const s = new SolutionState(inst);
        regretConstruct(s, b);
        const op = make(b);
        const rng = new Rng(7);
        const nb = nearestJobs(inst, 15);
        for (let k = 0; k < 3000; k++) {
          const u = rng.int(inst.n);
          const v = nb[u]![rng.int(15)]!;
          const before = s.cost();
          const delta = op.evaluate(s, u, v);
          if (!Number.isFinite(delta)) continue;
          op.apply(s);
          const after = s.cost();
          expect(after - before).toBeCloseTo(delta, 6);
          // Applied moves keep every route feasible (the checker's rules).
          for (const r of s.routes) expect(r.fTW(r.len + 1)).toBeLessThanOrEqual(1e-9);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
