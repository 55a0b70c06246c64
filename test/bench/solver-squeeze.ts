/**
 * How often, and how fast, one fleet squeeze attempt takes a route off a good plan: for each instance and seed,
 * N ruin-and-recreate iterations (no squeezes, fake clock) give the plan, then one attempt of up to M steps
 * runs with plain recreate and with insertion-with-ejection. Deterministic; prints routes before, steps to
 * success (− when the attempt failed) and CPU ms per variant.
 *
 *   npx tsx test/bench/solver-squeeze.ts [RC102,RC103,R112] [seeds 1-5] [N 20000] [M 2000] [ejection steps 100]
 */
import { regretConstruct } from '../../server/solver/construct/regret';
import { RouteBuilder } from '../../server/solver/eval/builder';
import { compileInstance } from '../../server/solver/model/instance';
import { nearestJobs } from '../../server/solver/search/neighbours';
import { Rng } from '../../server/solver/search/rng';
import { defaultRuin } from '../../server/solver/search/ruin';
import { defaultSisr, runSisr } from '../../server/solver/search/sisr';
import { SolutionState } from '../../server/solver/search/solution';
import { FleetSqueeze } from '../../server/solver/search/squeeze';
import { IterationLimit } from '../../server/solver/stop/stopping';
import { solomonProblem } from '../solver/helpers';

const names = (process.argv[2] ?? 'RC102,RC103,R112').split(',');
const [s0, s1] = (process.argv[3] ?? '1-5').split('-').map(Number) as [number, number];
const warm = Number(process.argv[4] ?? 20000);
const steps = Number(process.argv[5] ?? 2000);
const ejectSteps = Number(process.argv[6] ?? 100);
const used = (s: SolutionState) => s.routes.filter((r) => r.len > 0).length;
const wins = [0, 0];
const cpu = [0, 0];
for (const name of names) {
  const inst = compileInstance(solomonProblem(name), 0);
  const b = new RouteBuilder(inst);
  const adj = nearestJobs(inst, 100, false);
  for (let seed = s0; seed <= (s1 ?? s0); seed++) {
    const start = new SolutionState(inst);
    regretConstruct(start, b, () => false);
    const { best } = runSisr(start, b, adj, new Rng(seed), new IterationLimit(warm), {
      ...defaultSisr,
      squeezeAfter: 0,
    });
    const line = [`${name} seed ${seed}: ${used(best)} routes`];
    for (const [v, eject] of [0, ejectSteps].entries()) {
      const rng = new Rng(seed * 7919);
      const sq = new FleetSqueeze(best, b, adj, rng, defaultRuin, 0.01, 0, eject);
      const c0 = process.cpuUsage().user;
      let k = 0;
      let fewer: SolutionState | undefined;
      if (sq.begin(best, steps))
        while (!fewer && sq.active) {
          k++;
          fewer = sq.step();
        }
      const ms = (process.cpuUsage().user - c0) / 1000;
      cpu[v]! += ms;
      if (fewer) wins[v]!++;
      line.push(
        `${eject ? 'eject' : 'plain'} ${fewer ? `${k} steps (${used(fewer)}, ${fewer.unassigned.length} out)` : '−'} ${ms.toFixed(0)} ms`,
      );
    }
    console.log(line.join(' | '));
  }
}
console.log(
  `successes plain ${wins[0]} eject ${wins[1]}; cpu ms plain ${cpu[0]!.toFixed(0)} eject ${cpu[1]!.toFixed(0)}`,
);
