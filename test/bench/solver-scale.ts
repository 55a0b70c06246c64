import { performance } from 'node:perf_hooks';
import { solve } from '../../server/solver/index';
import { verifyPlan } from '../solver/verify';
import { syntheticCity } from './city';

/** `npm run bench:solver:scale -- [--visits N] [--crews M] [--time-limit-ms T] [--seed S] [--balance W]` */
function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const visits = arg('--visits', 2000);
const crews = arg('--crews', 100);
const timeLimitMs = arg('--time-limit-ms', 25_000);
const seed = arg('--seed', 1);
const balanceWeight = arg('--balance', 0.02);

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 100);

const t0 = performance.now();
const { problem } = syntheticCity({ visits, crews, seed });
const tGen = performance.now() - t0;
sample();
let firstPlanMs = -1;
const t1 = performance.now();
const sol = solve(problem, {
  seed,
  timeLimitMs,
  balanceWeight,
  clock: () => performance.now(),
  onProgress: (p) => {
    sample();
    if (firstPlanMs < 0) firstPlanMs = p.elapsedMs;
    return false;
  },
});
const solveMs = performance.now() - t1;
sample();
clearInterval(timer);
const errors = verifyPlan(problem, sol);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const byCode = new Map<string, number>();
for (const u of sol.unassigned) byCode.set(u.code, (byCode.get(u.code) ?? 0) + 1);
console.log(
  `synthetic city: ${visits} visits, ${crews} crews, seed ${seed}, time limit ${timeLimitMs} ms, balance weight ${balanceWeight}`,
);
console.log(`generate + matrix: ${tGen.toFixed(0)} ms`);
console.log(`first feasible plan (construction + first descent): ${firstPlanMs.toFixed(0)} ms`);
console.log(`solve total: ${solveMs.toFixed(0)} ms, iterations ${sol.iterations}`);
console.log(`plan valid: ${errors.length === 0 ? 'yes' : `NO (${errors.slice(0, 5).join('; ')})`}`);
console.log(
  `routes used: ${sol.routes.length}, planned visits: ${visits - sol.unassigned.length}, unassigned: ${sol.unassigned.length} ${JSON.stringify(Object.fromEntries(byCode))}`,
);
console.log(`travel: ${(sol.travelDuration / 3600).toFixed(1)} h, distance ${(sol.distance / 1000).toFixed(1)} km`);
console.log(`peak memory: ${Math.max(maxRssMb, peak / 2 ** 20).toFixed(0)} MB RSS`);
if (errors.length > 0) process.exitCode = 1;
