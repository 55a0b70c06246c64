import { performance } from 'node:perf_hooks';
import { solve } from '../../server/solver/index';
import { solomonProblem } from '../solver/helpers';

const name = process.argv[2] ?? 'C204';
let last = Infinity;
const s = solve(solomonProblem(name), {
  seed: 1,
  timeLimitMs: Number(process.argv[3] ?? 1000),
  clock: () => performance.now(),
  tuning: JSON.parse(process.env.SOLVER_TUNING ?? '{}'),
  onProgress: (p) => {
    if (p.bestCost < last - 1e-6) {
      last = p.bestCost;
      console.log(p.iteration, p.elapsedMs.toFixed(0), p.bestCost.toFixed(2));
    }
    return false;
  },
});
console.log('final', s.distance.toFixed(2), s.iterations, s.unassigned.length);
