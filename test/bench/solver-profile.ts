/** Quick single-instance run for profiling: `npx tsx test/bench/solver-profile.ts R208 2000`. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseSolomon, solomonToProblem, solve } from '../../server/solver/index';

const name = process.argv[2] ?? 'R208';
const p = solomonToProblem(parseSolomon(readFileSync(`/work/shared/bench/solomon/${name}.txt`, 'utf8')));
const s = solve(p, {
  seed: 1,
  timeLimitMs: Number(process.argv[3] ?? 2000),
  balanceWeight: 0,
  clock: () => performance.now(),
  tuning: JSON.parse(process.env.SOLVER_TUNING ?? '{}'),
});
console.log(name, s.distance.toFixed(2), s.iterations, s.routes.length);
