import type { Tuning } from '../../server/solver/model/types';
import { pacedSolve, scaledBudgets } from './solver-budgets';
import { loadSet } from './solver-sets';

/**
 * How a run reaches its best, per (instance, seed) at the 1 s budgets on the fake clock (as solver-ab --pace):
 * final gap and routes, the iteration of the last new best (share of the run), the best's gap and routes at a
 * quarter, half and three quarters of the run. One tab-separated line per run on stdout.
 *
 *   npx tsx test/bench/solver-trace.ts R112,RC103 1-20 74000 ['{"t0Short":1.5}']
 */
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
      let lastCost = Number.POSITIVE_INFINITY;
      let lastIt = 0;
      const marks = [0.25, 0.5, 0.75];
      const at: string[] = [];
      const sol = pacedSolve(c.problem, seed, budget, 0, tuning, (p) => {
        if (p.bestCost < lastCost - 1e-9) {
          lastCost = p.bestCost;
          lastIt = p.iteration;
        }
        while (marks.length > 0 && p.iteration >= marks[0]! * budget) {
          marks.shift();
          at.push((((p.bestCost - ref) / ref) * 100).toFixed(2));
        }
        return false;
      });
      const v = c.check(sol);
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
        ].join('\t'),
      );
    }
}

void main();
