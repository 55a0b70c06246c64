import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Solution } from '../../server/solver/model/types';
import { RoutePool } from '../../server/solver/search/pool';
import { SolutionState } from '../../server/solver/search/solution';
import { pacedSolve, scaledBudgets } from './solver-budgets';
import { loadSet } from './solver-sets';

/**
 * What a set-partitioning recombination over the routes a run has held would give (docs/solver.md, session 39). A
 * run at the 1 s budgets on the fake clock (as solver-ab --pace) keeps every route of every plan it accepts (complete,
 * within `--tol` of the best cost seen so far; all by default) — the cheapest order per set of visits is one column —
 * writes the set
 * partitioning problem (each visit on exactly one chosen route, at most the fleet) in CPLEX LP format, and — when COIN-OR
 * `cbc` is installed (`apt-get install coinor-cbc`) — solves it with a time limit and checks the chosen routes with the
 * set's checker. One tab-separated line per run: instance, seed, the run's gap, columns, the recombined gap (checked),
 * whether cbc proved it optimal, cbc's seconds, and the iteration by which every chosen route had been seen.
 *
 *   npx tsx test/bench/solver-pool.ts RC102,R112 1-4 [--pace 74000] [--tol 0.03] [--cbc-sec 60] [--out /tmp/pool]
 *
 * Outside the solver: it reads the plans through a wrapper on SolutionState.prototype.copyFrom (as solver-trace wraps
 * cost), which reads no clock, so the run is the one solver-ab judges.
 */

let pool: RoutePool | undefined;
/** Per column of `pool`, the iteration (onProgress count) at which its set of visits was first pooled. */
let firstAt: number[] = [];
let bestSeen = Number.POSITIVE_INFINITY;
let tol = Number.POSITIVE_INFINITY;
let iteration = 0;

// Every ruin-and-recreate iteration starts with `cand.copyFrom(current)`: the source is the plan the annealing holds
// (the last one it accepted), so wrapping copyFrom sees every accepted plan (and the bests, the squeezes' plans). The
// columns are the solver's own RoutePool's (one per set of visits, its cheapest order).
const copyFrom = SolutionState.prototype.copyFrom;
SolutionState.prototype.copyFrom = function (this: SolutionState, from: SolutionState): void {
  copyFrom.call(this, from);
  if (from.unassigned.length > 0) return;
  const c = from.cost();
  if (c < bestSeen) bestSeen = c;
  if (c > bestSeen * (1 + tol)) return;
  pool ??= new RoutePool(from.inst.n, from.inst.m, Number.POSITIVE_INFINITY);
  pool.add(from);
  while (firstAt.length < pool.size) firstAt.push(iteration);
};

function lpText(p: RoutePool, fleet: number): string {
  const xs = p.costs.map((_, k) => `x${k}`);
  const lines = ['Minimize', ` obj: ${p.costs.map((c, k) => `${c.toFixed(6)} x${k}`).join(' + ')}`, 'Subject To'];
  const byJob: string[][] = Array.from({ length: p.n }, () => []);
  p.seqs.forEach((seq, k) => {
    for (const j of seq) byJob[j]!.push(`x${k}`);
  });
  for (let j = 0; j < p.n; j++) lines.push(` j${j}: ${byJob[j]!.join(' + ')} = 1`);
  lines.push(` fleet: ${xs.join(' + ')} <= ${fleet}`);
  lines.push('Binary', ...xs.map((x) => ` ${x}`), 'End');
  return lines.join('\n');
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const [glob = 'RC102', seedsArg = '1-4'] = args;
  const pace = Number(option(args, '--pace', '74000'));
  tol = Number(option(args, '--tol', 'Infinity'));
  const cbcSec = Number(option(args, '--cbc-sec', '60'));
  const out = option(args, '--out', '/tmp/solver-pool');
  mkdirSync(out, { recursive: true });
  const [lo, hi] = seedsArg.split('-').map(Number);
  const budgets = scaledBudgets(pace);
  const cases = await loadSet('solomon', glob);
  const hasCbc = spawnSync('cbc', ['-quit'], { encoding: 'utf8' }).error === undefined;
  console.log(
    ['instance', 'seed', 'run gap %', 'columns', 'recombined gap %', 'optimal', 'cbc s', 'seen by'].join('\t'),
  );
  for (let seed = lo!; seed <= (hi ?? lo!); seed++)
    for (const c of cases) {
      pool = undefined;
      firstAt = [];
      bestSeen = Number.POSITIVE_INFINITY;
      iteration = 0;
      const ref = c.ref!.distance;
      const sol = pacedSolve(c.problem, seed, budgets.get(c.name)!, 0, {}, (p) => {
        iteration = p.iteration;
        return false;
      });
      const run = c.check(sol);
      const cols = pool!;
      const file = join(out, `${c.name}-${seed}`);
      writeFileSync(`${file}.lp`, lpText(cols, c.problem.vehicles.length));
      const row = [c.name, seed, (((run.distance - ref) / ref) * 100).toFixed(2), cols.size];
      if (!hasCbc || cbcSec <= 0) {
        console.log([...row, '', '', '', ''].join('\t'));
        continue;
      }
      const t = performance.now();
      const r = spawnSync('cbc', [`${file}.lp`, 'sec', String(cbcSec), 'solve', 'solu', `${file}.sol`], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      const secs = ((performance.now() - t) / 1000).toFixed(1);
      const chosen = readFileSync(`${file}.sol`, 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f.length >= 3 && Number(f[2]) > 0.5)
        .map((f) => Number(f[1]!.slice(1)));
      const recombined: Solution = {
        routes: chosen.map((k) => ({
          vehicleId: '',
          stops: Array.from(cols.seqs[k]!, (j) => ({
            jobId: c.problem.jobs[j]!.id,
            arrival: 0,
            serviceStart: 0,
            departure: 0,
          })),
          start: 0,
          end: 0,
          duration: 0,
          distance: 0,
          travelDuration: 0,
        })),
        unassigned: [],
        cost: 0,
        travelDuration: 0,
        distance: 0,
        iterations: 0,
        elapsedMs: 0,
      };
      const v = c.check(recombined);
      const gap = v.feasible ? (((v.distance - ref) / ref) * 100).toFixed(2) : 'INFEASIBLE';
      const optimal = /Result - Optimal solution found/.test(r.stdout) ? 'yes' : 'no';
      const seenBy = Math.max(...chosen.map((k) => firstAt[k]!));
      console.log([...row, gap, optimal, secs, seenBy].join('\t'));
    }
}

void main();
