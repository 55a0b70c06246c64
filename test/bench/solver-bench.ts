import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseSolomon, solomonToProblem, solve } from '../../server/solver/index';

/** `npm run bench:solver -- [--time-limit-ms N] [--instances GLOB[,GLOB]] [--seed S] [--json FILE]` */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const benchDir = resolve(root, '../shared/bench/solomon');
const checkerPath = resolve(root, '../shared/tools/check-solution.mjs');

interface Row {
  name: string;
  feasible: boolean;
  distance: number;
  vehicles: number;
  bks: number;
  bksVehicles: number;
  gap: number;
  ms: number;
  iterations: number;
}

function args(argv: string[]) {
  const out = { timeLimitMs: 1000, instances: '*', seed: 1, json: '', cpuClock: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--time-limit-ms') out.timeLimitMs = Number(argv[++i]);
    else if (a === '--instances') out.instances = argv[++i] ?? '*';
    else if (a === '--seed') out.seed = Number(argv[++i]);
    else if (a === '--json') out.json = argv[++i] ?? '';
    // Tuning aid on a shared machine: budget CPU time of this process instead of wall time.
    else if (a === '--cpu-clock') out.cpuClock = true;
  }
  return out;
}

function globToRegex(glob: string): RegExp {
  const parts = glob.split(',').map((g) =>
    g
      .trim()
      .replace(/\.txt$/i, '')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(`^(${parts.map((p) => p.replace(/\*/g, '.*').replace(/\?/g, '.')).join('|')})$`, 'i');
}

function readBks(file: string): Map<string, { vehicles: number; distance: number }> {
  const map = new Map<string, { vehicles: number; distance: number }>();
  for (const line of readFileSync(join(benchDir, file), 'utf8').split(/\r?\n/).slice(1)) {
    const [name, v, d] = line.split(',');
    if (name && v && d) map.set(name, { vehicles: Number(v), distance: Number(d) });
  }
  return map;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const mid = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { mean, median: s.length ? mid : 0, max: s.length ? s[s.length - 1]! : 0 };
};

async function main(): Promise<void> {
  const opt = args(process.argv.slice(2));
  const checker = (await import(pathToFileURL(checkerPath).href)) as {
    parseSolomon: (t: string) => unknown;
    check: (i: unknown, r: number[][]) => { feasible: boolean; distance: number; vehicles: number; errors: string[] };
  };
  const bks = readBks('bks-distance.csv');
  const hier = readBks('bks-hierarchical.csv');
  const re = globToRegex(opt.instances);
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.txt') && re.test(f.replace(/\.txt$/, '')))
    .sort();
  const rows: Row[] = [];
  // Warm the JIT on one instance first so the first measured instance is not penalised by compilation.
  if (files[0]) {
    const warm = solomonToProblem(parseSolomon(readFileSync(join(benchDir, files[0]), 'utf8')));
    solve(warm, { seed: 0, timeLimitMs: 500, clock: () => performance.now(), balanceWeight: 0 });
  }
  console.log(`Solomon VRPTW, time limit ${opt.timeLimitMs} ms, seed ${opt.seed}, ${files.length} instances`);
  console.log('instance  feasible  distance     bks       gap%    veh  bksVeh(h)  ms     iterations');
  for (const f of files) {
    const name = f.replace(/\.txt$/, '');
    const text = readFileSync(join(benchDir, f), 'utf8');
    const problem = solomonToProblem(parseSolomon(text));
    const t0 = performance.now();
    const sol = solve(problem, {
      seed: opt.seed,
      timeLimitMs: opt.timeLimitMs,
      balanceWeight: 0,
      clock: opt.cpuClock ? () => process.cpuUsage().user / 1000 : () => performance.now(),
      tuning: process.env.SOLVER_TUNING ? JSON.parse(process.env.SOLVER_TUNING) : undefined,
    });
    const ms = performance.now() - t0;
    const routes = sol.routes.map((r) => r.stops.map((s) => Number(s.jobId)));
    const verdict = checker.check(checker.parseSolomon(text), routes);
    const ref = bks.get(name)?.distance ?? Number.NaN;
    const row: Row = {
      name,
      feasible: verdict.feasible,
      distance: verdict.distance,
      vehicles: verdict.vehicles,
      bks: ref,
      bksVehicles: hier.get(name)?.vehicles ?? Number.NaN,
      gap: ((verdict.distance - ref) / ref) * 100,
      ms,
      iterations: sol.iterations,
    };
    rows.push(row);
    console.log(
      `${name.padEnd(9)} ${String(row.feasible).padEnd(9)} ${row.distance.toFixed(2).padStart(8)} ${ref.toFixed(2).padStart(8)} ${row.gap.toFixed(2).padStart(7)} ${String(row.vehicles).padStart(5)} ${String(row.bksVehicles).padStart(9)} ${ms.toFixed(0).padStart(6)} ${String(row.iterations).padStart(8)}`,
    );
  }
  const gaps = stats(rows.map((r) => r.gap));
  const times = stats(rows.map((r) => r.ms));
  const feasible = rows.filter((r) => r.feasible).length;
  const vehicles = rows.reduce((a, r) => a + r.vehicles, 0);
  const bksVehicles = rows.reduce((a, r) => a + r.bksVehicles, 0);
  console.log('');
  console.log(`feasible: ${feasible}/${rows.length}`);
  console.log(
    `gap to bks-distance: mean ${gaps.mean.toFixed(2)}%  median ${gaps.median.toFixed(2)}%  max ${gaps.max.toFixed(2)}%`,
  );
  console.log(
    `vehicles: ${vehicles} total vs ${bksVehicles} in bks-hierarchical (${rows.filter((r) => r.vehicles <= r.bksVehicles).length}/${rows.length} at or below)`,
  );
  console.log(`time per instance: mean ${times.mean.toFixed(0)} ms  max ${times.max.toFixed(0)} ms`);
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ options: opt, rows }, null, 2));
  if (feasible < rows.length) process.exitCode = 1;
}

void main();
