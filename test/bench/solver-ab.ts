import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { solve } from '../../server/solver/index';
import type { Tuning } from '../../server/solver/model/types';
import { pacedSolve, scaledBudgets } from './solver-budgets';
import { type BenchCase, loadSet, SETS, type SetName } from './solver-sets';

/**
 * Paired comparison of search variants (tuning knobs). For every seed and instance each variant runs in turn, every
 * answer checked by the set's independent checker. Printed per variant: feasible runs, mean and max gap per seed,
 * mean gap per class, iterations; then, against the first variant, the mean paired differences (distance in % of the
 * first variant's, gap in points, overall and per class) with their standard errors — inside ±2 standard errors is noise.
 *
 *   npx tsx test/bench/solver-ab.ts --variants 'base={};more={"blinkRate":0.02}' [--set solomon|gh|city]
 *     [--instances 'R1*,RC1*'] [--seeds 1-4] [--mix] [--jobs 2]
 *     [--time-limit-ms 1000 | --iterations N | --pace N]
 *
 * Budgets: by default each run gets `--time-limit-ms` of this process's CPU time, variants interleaved (same load,
 * same JIT) — and still noisy, since iterations per CPU-second fall with the machine's load. `--iterations N` gives
 * every run exactly N ruin-and-recreate iterations on a fake clock (one tick per read, no time limit): a seeded run
 * is then exactly repeatable, so a variant's effect per seed is exact and the only noise is across seeds and
 * instances, whatever the load. `--pace N` (Solomon) gives each instance what 1 s of CPU gives it on a quiet machine,
 * scaled so the mean is N (test/bench/solver-budgets.ts; 74000 stands for the machine of session 33's line). Both
 * turn off the population gate (`popGate` 1e9 unless a variant sets it): at 1 s of CPU its pace estimate stays far
 * below the gate, while under an iteration limit the estimate is the limit itself and would open it.
 * `--jobs K` runs the (seed, instance) pairs in K child processes (deterministic budgets only make sense of this).
 *
 * Each run is also written to stderr as it ends (tab-separated), so a long run that must stop early still leaves its
 * pairs; `--mix` takes the instances class by class in turn (C101 C201 R101 R201 RC101 RC201 C102 …) so that any
 * first part of the run covers every class.
 */
interface Options {
  set: SetName;
  instances: string;
  seeds: number[];
  timeLimitMs: number;
  iterations?: number;
  pace?: number;
  jobs: number;
  /** This process's part when run as a child of `--jobs`: [index, count]. */
  shard?: [number, number];
  variants: { name: string; tuning: Tuning }[];
  mix: boolean;
}

function args(argv: string[]): Options {
  const out: Options = {
    set: 'solomon',
    instances: '*',
    seeds: [1, 2],
    timeLimitMs: 1000,
    jobs: 1,
    variants: [],
    mix: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1] ?? '';
    if (a === '--mix') {
      out.mix = true;
      continue;
    }
    if (a === '--set') out.set = v as SetName;
    else if (a === '--instances') out.instances = v;
    else if (a === '--time-limit-ms') out.timeLimitMs = Number(v);
    else if (a === '--iterations') out.iterations = Number(v);
    else if (a === '--pace') out.pace = Number(v);
    else if (a === '--jobs') out.jobs = Number(v);
    else if (a === '--shard') out.shard = v.split('/').map(Number) as [number, number];
    else if (a === '--seeds') {
      const [lo, hi] = v.split('-').map(Number);
      out.seeds = [];
      for (let s = lo!; s <= (hi ?? lo!); s++) out.seeds.push(s);
    } else if (a === '--variants')
      out.variants = v.split(';').map((part) => {
        const eq = part.indexOf('=');
        return { name: part.slice(0, eq), tuning: JSON.parse(part.slice(eq + 1)) as Tuning };
      });
    else continue;
    i++;
  }
  if (!SETS.includes(out.set)) throw new Error(`--set must be one of ${SETS.join(', ')}`);
  if (out.variants.length < 2) throw new Error('--variants needs at least two, e.g. \'a={};b={"t0":2}\'');
  if (out.seeds.some(Number.isNaN)) throw new Error('--seeds must be N or N-M');
  if (out.pace !== undefined && out.set !== 'solomon') throw new Error('--pace has a table for Solomon only');
  return out;
}

interface Result {
  feasible: boolean;
  distance: number;
  gap: number;
  iterations: number;
  /** What the production objective ranks first (city days), then travel time (its next term). */
  unassigned: number;
  routes: number;
  travelTime: number;
}

const cpuMs = () => process.cpuUsage().user / 1000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** One solve of one case under the chosen budget, checked. */
function runOne(opt: Options, c: BenchCase, seed: number, tuning: Tuning, budget: number | undefined): Result {
  const sol =
    budget === undefined
      ? solve(c.problem, { seed, timeLimitMs: opt.timeLimitMs, clock: cpuMs, balanceWeight: c.balanceWeight, tuning })
      : pacedSolve(c.problem, seed, budget, c.balanceWeight, tuning);
  const v = c.check(sol);
  if (!v.feasible) console.error(`${c.name} seed ${seed}: ${v.errors[0]}`);
  const ref = c.ref?.distance ?? Number.NaN;
  return {
    feasible: v.feasible,
    distance: v.distance,
    gap: ((v.distance - ref) / ref) * 100,
    iterations: sol.iterations,
    unassigned: v.unassigned,
    routes: v.vehicles,
    travelTime: sol.travelDuration,
  };
}

/** Runs this process's share of the (seed, case) pairs; `done` gets each variant's result. */
function runPairs(
  opt: Options,
  cases: BenchCase[],
  done: (vi: number, si: number, ci: number, r: Result) => void,
): void {
  const budgets = opt.pace === undefined ? undefined : scaledBudgets(opt.pace);
  const [part, parts] = opt.shard ?? [0, 1];
  // JIT warm-up, not counted: the first runs also pay for compilation (CPU time counts the compiler's threads).
  if (cases[0] && opt.iterations === undefined && budgets === undefined)
    solve(cases[0].problem, { seed: 0, timeLimitMs: 1000, clock: cpuMs });
  let pair = 0;
  for (let si = 0; si < opt.seeds.length; si++)
    for (let ci = 0; ci < cases.length; ci++) {
      if (pair++ % parts !== part) continue;
      const c = cases[ci]!;
      const budget = budgets ? budgets.get(c.name) : opt.iterations;
      if (budgets && budget === undefined) throw new Error(`no 1 s budget for ${c.name}`);
      for (let k = 0; k < opt.variants.length; k++) {
        // Turns alternate (a b, b a, …) so no variant always runs first, right after the previous case's last.
        const vi = si % 2 === 0 ? k : opt.variants.length - 1 - k;
        const r = runOne(opt, c, opt.seeds[si]!, opt.variants[vi]!.tuning, budget);
        console.error(
          [
            'run',
            c.name,
            opt.seeds[si],
            opt.variants[vi]!.name,
            r.feasible,
            r.distance.toFixed(2),
            r.gap,
            r.iterations,
            r.unassigned,
            r.routes,
            r.travelTime.toFixed(1),
          ].join('\t'),
        );
        done(vi, si, ci, r);
      }
    }
}

/** Runs the pairs in `opt.jobs` child processes of this script; each sends its results as JSON lines. */
async function runChildren(opt: Options, done: (vi: number, si: number, ci: number, r: Result) => void) {
  const script = process.argv[1]!;
  const argv = process.argv.slice(2);
  await Promise.all(
    Array.from({ length: opt.jobs }, (_, part) => {
      const child = spawn(process.execPath, [...process.execArgv, script, ...argv, '--shard', `${part}/${opt.jobs}`], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('@@')) return;
        const { vi, si, ci, r } = JSON.parse(line.slice(2)) as { vi: number; si: number; ci: number; r: Result };
        done(vi, si, ci, r);
      });
      return new Promise<void>((ok, fail) =>
        child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`child ${part} exited ${code}`)))),
      );
    }),
  );
}

async function main(): Promise<void> {
  const opt = args(process.argv.slice(2));
  const loaded = await loadSet(opt.set, opt.instances);
  const cases = opt.mix ? mixClasses(loaded) : loaded;
  if (opt.shard) {
    runPairs(opt, cases, (vi, si, ci, r) => console.log(`@@${JSON.stringify({ vi, si, ci, r })}`));
    return;
  }
  // results[variant][seed index][case index]
  const results: Result[][][] = opt.variants.map(() => opt.seeds.map(() => []));
  const done = (vi: number, si: number, ci: number, r: Result) => {
    results[vi]![si]![ci] = r;
  };
  if (opt.jobs > 1) await runChildren(opt, done);
  else runPairs(opt, cases, done);
  report(opt, cases, results);
}

/** The class of an instance: its name without the last two digits (RC1 of RC104, city of city-100). */
const classOf = (name: string) => (name.startsWith('city-') ? 'city' : name.replace(/\d\d$/, ''));

function report(opt: Options, cases: BenchCase[], results: Result[][][]): void {
  const budget =
    opt.pace !== undefined
      ? `1 s budgets at ${opt.pace} iterations/s (fake clock)`
      : opt.iterations !== undefined
        ? `${opt.iterations} iterations (fake clock)`
        : `${opt.timeLimitMs} ms of CPU`;
  console.log(`${opt.set} '${opt.instances}' (${cases.length} instances), ${budget}, seeds ${opt.seeds.join(',')}`);
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
  const classes = [...new Set(cases.map((c) => classOf(c.name)))];
  for (let vi = 0; vi < opt.variants.length; vi++) {
    const runs = results[vi]!.flat();
    const seedMeans = results[vi]!.map((rs) => mean(rs.map((r) => r.gap)));
    const seedMax = results[vi]!.map((rs) => Math.max(...rs.map((r) => r.gap)));
    // Sets without a reference (city days) have no gap: distances and the paired differences say it all.
    const gapText = Number.isNaN(seedMeans[0]!)
      ? ''
      : `  mean gap ${mean(runs.map((r) => r.gap)).toFixed(3)} %  per seed ${fmt(seedMeans)}  max per seed ${fmt(seedMax)}`;
    console.log(
      `${opt.variants[vi]!.name.padEnd(10)} feasible ${runs.filter((r) => r.feasible).length}/${runs.length}  mean distance ${mean(runs.map((r) => r.distance)).toFixed(1)}${gapText}  iterations ${runs.reduce((a, r) => a + r.iterations, 0)}  unassigned ${runs.reduce((a, r) => a + r.unassigned, 0)}  mean routes ${mean(runs.map((r) => r.routes)).toFixed(2)}`,
    );
    if (!Number.isNaN(seedMeans[0]!) && classes.length > 1) {
      const per = classes.map((k) => {
        const gaps = results[vi]!.flatMap((rs) =>
          rs.filter((_, ci) => classOf(cases[ci]!.name) === k).map((r) => r.gap),
        );
        return `${k} ${mean(gaps).toFixed(3)}`;
      });
      console.log(`${''.padEnd(10)} by class: ${per.join('  ')}`);
    }
  }
  for (let vi = 1; vi < opt.variants.length; vi++) {
    const name = `${opt.variants[vi]!.name} vs ${opt.variants[0]!.name}`;
    const all = () => true;
    console.log(
      `${name}: distance ${paired(results, vi, all, (a, b) => ((b.distance - a.distance) / a.distance) * 100, '%')}`,
    );
    if (!Number.isNaN(results[0]![0]![0]?.gap ?? Number.NaN)) {
      const byGap = (a: Result, b: Result) => b.gap - a.gap;
      console.log(`${name}: gap ${paired(results, vi, all, byGap, 'points')}`);
      if (classes.length > 1)
        for (const k of classes)
          console.log(
            `  ${k.padEnd(5)} ${paired(results, vi, (ci) => classOf(cases[ci]!.name) === k, byGap, 'points')}`,
          );
    }
    // Production ranks plans by unassigned weight, then travel time (then balance); the objective's
    // unassigned term dwarfs the rest, so it is shown as a count and travel time on its own.
    const out = (k: number) => results[k]!.flat().reduce((a, r) => a + r.unassigned, 0);
    const travel = (a: Result, b: Result) => ((b.travelTime - a.travelTime) / a.travelTime) * 100;
    console.log(
      `${name}: unassigned ${out(vi) - out(0)} in total, travel time ${paired(results, vi, all, travel, '%')}`,
    );
  }
}

/** Instances class by class in turn (the class is the name without its last two digits: RC1 of RC104). */
function mixClasses<T extends { name: string }>(cases: T[]): T[] {
  const classes = new Map<string, T[]>();
  for (const c of cases) {
    const k = classOf(c.name);
    classes.set(k, [...(classes.get(k) ?? []), c]);
  }
  const out: T[] = [];
  for (let i = 0; out.length < cases.length; i++) for (const list of classes.values()) if (list[i]) out.push(list[i]!);
  return out;
}

/** Mean paired difference of variant vi against the first over the cases `keep` selects, with its standard error. */
function paired(
  results: Result[][][],
  vi: number,
  keep: (ci: number) => boolean,
  diff: (first: Result, other: Result) => number,
  unit: string,
): string {
  const diffs: number[] = [];
  for (let si = 0; si < results[0]!.length; si++)
    for (let ci = 0; ci < results[0]![si]!.length; ci++)
      if (keep(ci)) diffs.push(diff(results[0]![si]![ci]!, results[vi]![si]![ci]!));
  const m = mean(diffs);
  const sd = Math.sqrt(diffs.reduce((acc, d) => acc + (d - m) ** 2, 0) / Math.max(1, diffs.length - 1));
  const se = sd / Math.sqrt(diffs.length);
  const verdict =
    diffs.length < 2 ? 'too few pairs' : Math.abs(m) <= 2 * se ? 'inside the noise' : m < 0 ? 'lower' : 'higher';
  return `${m >= 0 ? '+' : ''}${m.toFixed(3)} ${unit} ± ${se.toFixed(3)} (standard error, ${diffs.length} pairs): ${verdict}`;
}

void main();
