import type { Tuning } from '../../server/solver/model/types';
import { SolutionState } from '../../server/solver/search/solution';
import { pacedSolve, scaledBudgets } from './solver-budgets';
import { loadSet } from './solver-sets';

/**
 * How a run reaches its best, per (instance, seed) at the 1 s budgets on the fake clock (as solver-ab --pace):
 * final gap and routes, the iteration of the last new best (share of the run), the best's gap/routes at a quarter,
 * half and three quarters of the run, then per route count the lowest-cost plan the run ever evaluated with that
 * many routes (`10:1.23` = its gap), so a run that ends with one route too many shows whether it ever saw a good plan
 * with fewer. One tab-separated line per run on stdout.
 *
 *   npx tsx test/bench/solver-trace.ts R112,RC103 1-20 74000 ['{"t0Short":1.5}']
 */

// Each evaluated plan's route count, read beside its cost (cost() reads no clock: the run is the one solver-ab judges).
let seen = new Map<number, number>();
let byRoutes = new Map<number, number>();
const cost = SolutionState.prototype.cost;
SolutionState.prototype.cost = function (this: SolutionState): number {
  const c = cost.call(this);
  if (this.unassigned.length === 0) {
    const r = this.usedRoutes();
    seen.set(c, r);
    if (c < (byRoutes.get(r) ?? Number.POSITIVE_INFINITY)) byRoutes.set(r, c);
  }
  return c;
};

async function main(): Promise<void> {
  const [glob = 'R112', seedsArg = '1-4', paceArg = '74000', tuningArg = '{}'] = process.argv.slice(2);
  const [lo, hi] = seedsArg.split('-').map(Number);
  const tuning = JSON.parse(tuningArg) as Tuning;
  const budgets = scaledBudgets(Number(paceArg));
  const cases = await loadSet('solomon', glob);
  for (let seed = lo!; seed <= (hi ?? lo!); seed++)
    for (const c of cases) {
      const budget = budgets.get(c.name)!;
      const ref = c.ref!.distance;
      const gap = (x: number) => (((x - ref) / ref) * 100).toFixed(2);
      let lastCost = Number.POSITIVE_INFINITY;
      let lastIt = 0;
      let bestRoutes = 0;
      const marks = [0.25, 0.5, 0.75];
      const at: string[] = [];
      seen = new Map();
      byRoutes = new Map();
      const sol = pacedSolve(c.problem, seed, budget, 0, tuning, (p) => {
        if (p.bestCost < lastCost - 1e-9) {
          lastCost = p.bestCost;
          lastIt = p.iteration;
          bestRoutes = seen.get(p.bestCost) ?? bestRoutes;
        }
        seen.clear();
        while (marks.length > 0 && p.iteration >= marks[0]! * budget) {
          marks.shift();
          at.push(`${gap(p.bestCost)}/${bestRoutes}`);
        }
        return false;
      });
      const v = c.check(sol);
      const fleets = [...byRoutes.entries()]
        .sort((x, y) => x[0] - y[0])
        .filter(([r]) => Math.abs(r - v.vehicles) <= 1)
        .map(([r, x]) => `${r}:${gap(x)}`);
      console.log(
        [
          c.name,
          seed,
          paceArg,
          v.feasible ? 'ok' : 'INFEASIBLE',
          (((v.distance - ref) / ref) * 100).toFixed(2),
          v.vehicles,
          (lastIt / budget).toFixed(2),
          ...at,
          fleets.join(' '),
        ].join('\t'),
      );
    }
}

void main();
