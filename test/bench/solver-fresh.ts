/**
 * One solve in this process, as production runs each solve in a fresh worker: `solve()` on one Solomon instance
 * or city team-day with this process's CPU time as the clock (`--cpu-clock` of bench:solver). Prints the instance,
 * distance, iterations and the CPU milliseconds the solve took; `solver-fresh.sh` runs one process per instance.
 *
 *   npx esbuild test/bench/solver-fresh.ts --bundle --platform=node --format=cjs --outfile=fresh.cjs
 *   node fresh.cjs R101 1000 [seed] [WARMUP]
 *
 * With WARMUP (another instance) the process first solves that one for the same limit, uncounted: a solve in a
 * worker kept from an earlier solve (server/routing/worker/run-solver.ts).
 */
import { solve } from '../../server/solver/index';
import { loadBenchInstance as load } from './solver-instance';

const name = process.argv[2] ?? 'R101';
const limit = Number(process.argv[3] ?? 1000);
const clock = () => process.cpuUsage().user / 1000;
const seed = Number(process.argv[4] ?? 1);
if (process.argv[5]) {
  const w = load(process.argv[5]);
  solve(w.problem, { seed, timeLimitMs: limit, balanceWeight: w.balanceWeight, clock });
}
const { problem, balanceWeight } = load(name);
const t0 = clock();
const sol = solve(problem, { seed, timeLimitMs: limit, balanceWeight, clock });
console.log(name, sol.distance.toFixed(2), sol.iterations, (clock() - t0).toFixed(0));
