import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { solve } from '../../server/solver/index';
import { type BenchCase, loadSet, SETS, type SetName } from './solver-sets';

/**
 * `npm run bench:solver -- [--set solomon|gh|city] [--time-limit-ms N] [--instances GLOB[,GLOB]] [--seed S]
 *  [--max-iterations N] [--cpu-clock] [--json FILE]`
 */
interface Options {
  set: SetName;
  timeLimitMs: number;
  instances: string;
  seed: number;
  json: string;
  cpuClock: boolean;
  maxIterations?: number;
}

interface Row {
  name: string;
  feasible: boolean;
  distance: number;
  vehicles: number;
  unassigned: number;
  ref: number;
  refVehicles: number;
  gap: number;
  ms: number;
  firstPlanMs: number;
  iterations: number;
}

function args(argv: string[]): Options {
  const out: Options = { set: 'solomon', timeLimitMs: 1000, instances: '*', seed: 1, json: '', cpuClock: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--time-limit-ms') out.timeLimitMs = Number(argv[++i]);
    else if (a === '--set') out.set = argv[++i] as SetName;
    else if (a === '--instances') out.instances = argv[++i] ?? '*';
    else if (a === '--seed') out.seed = Number(argv[++i]);
    else if (a === '--json') out.json = argv[++i] ?? '';
    else if (a === '--max-iterations') out.maxIterations = Number(argv[++i]);
    // Tuning aid on a shared machine: budget CPU time of this process instead of wall time.
    else if (a === '--cpu-clock') out.cpuClock = true;
  }
  if (!SETS.includes(out.set)) throw new Error(`--set must be one of ${SETS.join(', ')}`);
  return out;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const mid = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { mean, median: s.length ? mid : 0, max: s.length ? s[s.length - 1]! : 0 };
};

function run(c: BenchCase, opt: Options, timeLimitMs: number, seed: number): Row {
  const clock = opt.cpuClock ? () => process.cpuUsage().user / 1000 : () => performance.now();
  const t0 = clock();
  let firstPlanMs = -1;
  const sol = solve(c.problem, {
    seed,
    timeLimitMs,
    maxIterations: opt.maxIterations,
    balanceWeight: c.balanceWeight,
    clock,
    tuning: process.env.SOLVER_TUNING ? JSON.parse(process.env.SOLVER_TUNING) : undefined,
    // The first progress report comes once construction and the first descent have produced a complete plan.
    onProgress: (p) => {
      if (firstPlanMs < 0) firstPlanMs = p.elapsedMs;
      return false;
    },
  });
  const ms = clock() - t0;
  const v = c.check(sol);
  if (!v.feasible) console.error(`${c.name}: ${v.errors.slice(0, 5).join('; ')}`);
  const ref = c.ref?.distance ?? Number.NaN;
  return {
    name: c.name,
    feasible: v.feasible,
    distance: v.distance,
    vehicles: v.vehicles,
    unassigned: v.unassigned,
    ref,
    refVehicles: c.ref?.vehicles ?? Number.NaN,
    gap: ((v.distance - ref) / ref) * 100,
    ms,
    firstPlanMs,
    iterations: sol.iterations,
  };
}

const num = (x: number, d: number, w: number) => (Number.isNaN(x) ? '-' : x.toFixed(d)).padStart(w);

async function main(): Promise<void> {
  const opt = args(process.argv.slice(2));
  const cases = await loadSet(opt.set, opt.instances);
  // Warm the JIT on one case first so the first measured one is not penalised by compilation.
  if (cases[0]) run(cases[0], { ...opt, maxIterations: undefined }, 300, 0);
  const limit = opt.maxIterations === undefined ? `${opt.timeLimitMs} ms` : `${opt.maxIterations} iterations`;
  console.log(
    `${opt.set}: limit ${limit}${opt.cpuClock ? ' of CPU' : ''}, seed ${opt.seed}, ${cases.length} instances`,
  );
  console.log('instance      ok   distance       ref    gap%  veh refVeh unas       ms  first_ms  iterations    it/s');
  const rows: Row[] = [];
  const timeLimitMs = opt.maxIterations === undefined ? opt.timeLimitMs : 1e9;
  for (const c of cases) {
    const r = run(c, opt, timeLimitMs, opt.seed);
    rows.push(r);
    console.log(
      `${r.name.padEnd(12)} ${r.feasible ? 'yes' : 'NO '} ${num(r.distance, 2, 10)} ${num(r.ref, 2, 9)} ${num(r.gap, 2, 7)} ${String(r.vehicles).padStart(4)} ${num(r.refVehicles, 0, 6)} ${String(r.unassigned).padStart(4)} ${num(r.ms, 0, 8)} ${num(r.firstPlanMs, 0, 9)} ${String(r.iterations).padStart(11)} ${num((r.iterations * 1000) / r.ms, 0, 7)}`,
    );
  }
  const gaps = stats(rows.map((r) => r.gap).filter((g) => !Number.isNaN(g)));
  const feasible = rows.filter((r) => r.feasible).length;
  const iterations = rows.reduce((a, r) => a + r.iterations, 0);
  const ms = rows.reduce((a, r) => a + r.ms, 0);
  console.log('');
  console.log(`feasible: ${feasible}/${rows.length}`);
  if (rows.some((r) => !Number.isNaN(r.gap)))
    console.log(
      `gap to reference: mean ${gaps.mean.toFixed(2)}%  median ${gaps.median.toFixed(2)}%  max ${gaps.max.toFixed(2)}%`,
    );
  console.log(`vehicles: ${rows.reduce((a, r) => a + r.vehicles, 0)} total`);
  console.log(
    `iterations: ${iterations} in ${(ms / 1000).toFixed(1)} s = ${((iterations * 1000) / Math.max(1, ms)).toFixed(0)}/s; time per instance: mean ${stats(rows.map((r) => r.ms)).mean.toFixed(0)} ms  max ${stats(rows.map((r) => r.ms)).max.toFixed(0)} ms`,
  );
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ options: opt, rows }, null, 2));
  if (feasible < rows.length) process.exitCode = 1;
}

void main();
