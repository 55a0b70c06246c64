/**
 * Fixed work for before/after speed comparisons: N ruin-and-recreate iterations per Solomon instance with a
 * fake clock (one tick per read) and no local search on new bests, so two versions of the code do the same
 * amount of search whatever the machine's load. Prints the distance per instance (identical plans mean the
 * change is a pure speed-up) and this process's CPU time; under `valgrind --tool=callgrind` the instruction
 * count is load-independent.
 *
 * `city-100`, `city-200`, `city-400` and `city-1000` name the bench's team-days (breaks, skills, priorities,
 * balance weight 0.02), which run the exact break states and the balance term as well.
 *
 *   npx tsx test/bench/solver-iters.ts [C101,C201,R101,R201,RC101,RC201] [20000]
 */
import { solve } from '../../server/solver/index';
import { loadBenchInstance as load } from './solver-instance';

const names = (process.argv[2] ?? 'C101,C201,R101,R201,RC101,RC201').split(',');
const iterations = Number(process.argv[3] ?? 20000);
let total = 0;
const cpu0 = process.cpuUsage().user;
for (const name of names) {
  const { problem, balanceWeight } = load(name);
  let tick = 0;
  const sol = solve(problem, {
    seed: 1,
    timeLimitMs: 1e12,
    maxIterations: iterations,
    balanceWeight,
    clock: () => tick++,
    // No fleet squeezes (session 23): this counts the cost of the ruin-and-recreate step on the path earlier sessions measured.
    tuning: { lsOnBest: false, squeezeAfter: 0 },
  });
  total += sol.distance;
  console.log(name, sol.distance.toFixed(2), sol.iterations);
}
const ms = (process.cpuUsage().user - cpu0) / 1000;
console.log(
  `sum ${total.toFixed(2)} cpu_ms ${ms.toFixed(0)} it/s ${((names.length * iterations) / (ms / 1000)).toFixed(0)}`,
);
