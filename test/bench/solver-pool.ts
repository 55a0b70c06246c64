import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Solution } from '../../server/solver/model/types';
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

interface Column {
  seq: number[];
  cost: number;
  /** Iteration (onProgress count) at which this set of visits was first seen. */
  first: number;
}

let pool = new Map<string, Column>();
let seenStamps = new Set<number>();
let bestSeen = Number.POSITIVE_INFINITY;
let tol = Number.POSITIVE_INFINITY;
let iteration = 0;

// Every ruin-and-recreate iteration starts with `cand.copyFrom(current)`: the source is the plan the annealing holds
// (the last one it accepted), so wrapping copyFrom sees every accepted plan (and the bests, the squeezes' plans).
const copyFrom = SolutionState.prototype.copyFrom;
SolutionState.prototype.copyFrom = function (this: SolutionState, from: SolutionState): void {
  copyFrom.call(this, from);
  if (from.unassigned.length > 0) return;
  const c = from.cost();
  if (c < bestSeen) bestSeen = c;
  if (c > bestSeen * (1 + tol)) return;
  for (const r of from.routes) {
    if (r.len === 0 || seenStamps.has(r.stamp)) continue;
    seenStamps.add(r.stamp);
    const seq = Array.from(r.nodes.subarray(0, r.len));
    const key = [...seq].sort((a, b) => a - b).join(',');
    const old = pool.get(key);
    if (!old) pool.set(key, { seq, cost: r.cost, first: iteration });
    else if (r.cost < old.cost - 1e-9) {
      old.seq = seq;
      old.cost = r.cost;
    }
  }
};

function lpText(cols: Column[], n: number, fleet: number): string {
  const lines = ['Minimize', ` obj: ${cols.map((c, k) => `${c.cost.toFixed(6)} x${k}`).join(' + ')}`, 'Subject To'];
  const byJob: string[][] = Array.from({ length: n }, () => []);
  cols.forEach((c, k) => {
    for (const j of c.seq) byJob[j]!.push(`x${k}`);
  });
  for (let j = 0; j < n; j++) lines.push(` j${j}: ${byJob[j]!.join(' + ')} = 1`);
  lines.push(` fleet: ${cols.map((_, k) => `x${k}`).join(' + ')} <= ${fleet}`);
  lines.push('Binary', ...cols.map((_, k) => ` x${k}`), 'End');
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
      pool = new Map();
      seenStamps = new Set();
      bestSeen = Number.POSITIVE_INFINITY;
      iteration = 0;
      const ref = c.ref!.distance;
      const sol = pacedSolve(c.problem, seed, budgets.get(c.name)!, 0, {}, (p) => {
        iteration = p.iteration;
        return false;
      });
      const run = c.check(sol);
      const cols = [...pool.values()];
      const file = join(out, `${c.name}-${seed}`);
      writeFileSync(`${file}.lp`, lpText(cols, c.problem.jobs.length, c.problem.vehicles.length));
      const row = [c.name, seed, (((run.distance - ref) / ref) * 100).toFixed(2), cols.length];
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
        .map((f) => cols[Number(f[1]!.slice(1))]!);
      const recombined: Solution = {
        routes: chosen.map((col) => ({
          vehicleId: '',
          stops: col.seq.map((j) => ({ jobId: c.problem.jobs[j]!.id, arrival: 0, serviceStart: 0, departure: 0 })),
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
      const seenBy = Math.max(...chosen.map((col) => col.first));
      console.log([...row, gap, optimal, secs, seenBy].join('\t'));
    }
}

void main();
