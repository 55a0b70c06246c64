import { solve } from '../../server/solver/index';
import type { Tuning } from '../../server/solver/model/types';
import { loadSet, SETS, type SetName } from './solver-sets';

/**
 * Paired comparison of search variants (tuning knobs) on a loaded machine, where one run per variant says
 * little: the same code on the same seed gave R1 a mean gap of 0.39 % in one run and 0.62 % in the next (session 23).
 * For every seed and instance each variant runs in turn, in this one process (same load, same JIT), on CPU time;
 * every answer is checked by the set's independent checker. Printed per variant: feasible runs, mean and max
 * gap per seed, iterations; then, against the first variant, the mean of the paired distance differences (in %
 * of the first variant's distance) with its standard error — a difference inside ±2 standard errors is noise.
 *
 *   npx tsx test/bench/solver-ab.ts --variants 'base={};more={"blinkRate":0.02}' [--set solomon|gh|city]
 *     [--instances 'R1*,RC1*'] [--seeds 1-4] [--time-limit-ms 1000] [--mix]
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
  variants: { name: string; tuning: Tuning }[];
  mix: boolean;
}

function args(argv: string[]): Options {
  const out: Options = { set: 'solomon', instances: '*', seeds: [1, 2], timeLimitMs: 1000, variants: [], mix: false };
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

async function main(): Promise<void> {
  const opt = args(process.argv.slice(2));
  const loaded = await loadSet(opt.set, opt.instances);
  const cases = opt.mix ? mixClasses(loaded) : loaded;
  // results[variant][seed index][case index]
  const results: Result[][][] = opt.variants.map(() => opt.seeds.map(() => []));
  // JIT warm-up, not counted: the first runs also pay for compilation (CPU time counts the compiler's threads).
  if (cases[0]) solve(cases[0].problem, { seed: 0, timeLimitMs: 1000, clock: cpuMs });
  for (let si = 0; si < opt.seeds.length; si++)
    for (const c of cases)
      for (let k = 0; k < opt.variants.length; k++) {
        // Turns alternate (a b, b a, …) so no variant always runs first, right after the previous case's last.
        const vi = si % 2 === 0 ? k : opt.variants.length - 1 - k;
        const sol = solve(c.problem, {
          seed: opt.seeds[si],
          timeLimitMs: opt.timeLimitMs,
          clock: cpuMs,
          balanceWeight: c.balanceWeight,
          tuning: opt.variants[vi]!.tuning,
        });
        const v = c.check(sol);
        if (!v.feasible) console.error(`${c.name} seed ${opt.seeds[si]} ${opt.variants[vi]!.name}: ${v.errors[0]}`);
        const ref = c.ref?.distance ?? Number.NaN;
        console.error(
          [
            'run',
            c.name,
            opt.seeds[si],
            opt.variants[vi]!.name,
            v.feasible,
            v.distance.toFixed(2),
            ((v.distance - ref) / ref) * 100,
            sol.iterations,
            v.unassigned,
            v.vehicles,
            sol.travelDuration.toFixed(1),
          ].join('\t'),
        );
        results[vi]![si]!.push({
          feasible: v.feasible,
          distance: v.distance,
          gap: ((v.distance - ref) / ref) * 100,
          iterations: sol.iterations,
          unassigned: v.unassigned,
          routes: v.vehicles,
          travelTime: sol.travelDuration,
        });
      }
  console.log(
    `${opt.set} '${opt.instances}' (${cases.length} instances), ${opt.timeLimitMs} ms of CPU, seeds ${opt.seeds.join(',')}`,
  );
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
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
  }
  for (let vi = 1; vi < opt.variants.length; vi++) {
    const name = `${opt.variants[vi]!.name} vs ${opt.variants[0]!.name}`;
    console.log(`${name}: distance ${paired(results, vi, (r) => r.distance)}`);
    // Production ranks plans by unassigned weight, then travel time (then balance); the objective's
    // unassigned term dwarfs the rest, so it is shown as a count and travel time on its own.
    const out = (k: number) => results[k]!.flat().reduce((a, r) => a + r.unassigned, 0);
    console.log(
      `${name}: unassigned ${out(vi) - out(0)} in total, travel time ${paired(results, vi, (r) => r.travelTime)}`,
    );
  }
}

/** Instances class by class in turn (the class is the name without its last two digits: RC1 of RC104). */
function mixClasses<T extends { name: string }>(cases: T[]): T[] {
  const classes = new Map<string, T[]>();
  for (const c of cases) {
    const k = c.name.replace(/\d\d$/, '');
    classes.set(k, [...(classes.get(k) ?? []), c]);
  }
  const out: T[] = [];
  for (let i = 0; out.length < cases.length; i++) for (const list of classes.values()) if (list[i]) out.push(list[i]!);
  return out;
}

/** Mean paired difference of variant vi against the first, in % of the first, with its standard error. */
function paired(results: Result[][][], vi: number, value: (r: Result) => number): string {
  const diffs: number[] = [];
  for (let si = 0; si < results[0]!.length; si++)
    for (let ci = 0; ci < results[0]![si]!.length; ci++) {
      const a = value(results[0]![si]![ci]!);
      diffs.push(((value(results[vi]![si]![ci]!) - a) / a) * 100);
    }
  const m = mean(diffs);
  const sd = Math.sqrt(diffs.reduce((acc, d) => acc + (d - m) ** 2, 0) / Math.max(1, diffs.length - 1));
  const se = sd / Math.sqrt(diffs.length);
  const verdict =
    diffs.length < 2 ? 'too few pairs' : Math.abs(m) <= 2 * se ? 'inside the noise' : m < 0 ? 'lower' : 'higher';
  return `${m >= 0 ? '+' : ''}${m.toFixed(3)} % ± ${se.toFixed(3)} (standard error, ${diffs.length} pairs): ${verdict}`;
}

void main();
