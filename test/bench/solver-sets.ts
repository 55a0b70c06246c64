import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseSolomon, solomonToProblem } from '../../server/solver/index';
import type { Problem, Solution } from '../../server/solver/model/types';
import { verifyPlan } from '../solver/verify';
import { CITY_SIZES, cityTeamDay } from './city';

/** One benchmark case: the problem, an independent check of an answer, and a reference when there is one. */
export interface BenchCase {
  name: string;
  problem: Problem;
  /** 0 for the Solomon-style sets (they score pure distance), the production default for city days. */
  balanceWeight: number;
  ref?: { distance: number; vehicles: number };
  check(sol: Solution): Verdict;
}

export interface Verdict {
  feasible: boolean;
  distance: number;
  vehicles: number;
  unassigned: number;
  errors: string[];
}

interface SolomonChecker {
  parseSolomon: (t: string) => unknown;
  check: (i: unknown, r: number[][]) => { feasible: boolean; distance: number; vehicles: number; errors: string[] };
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const solomonDir = resolve(root, '../shared/bench/solomon');
const ghDir = resolve(here, 'gh');
const checkerPath = resolve(root, '../shared/tools/check-solution.mjs');

export const SETS = ['solomon', 'gh', 'city'] as const;
export type SetName = (typeof SETS)[number];

/** Turns `C1*,R2*` into one case-insensitive regular expression. */
export function globToRegex(glob: string): RegExp {
  const parts = glob.split(',').map((g) =>
    g
      .trim()
      .replace(/\.txt$/i, '')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(`^(${parts.map((p) => p.replace(/\*/g, '.*').replace(/\?/g, '.')).join('|')})$`, 'i');
}

/** The cases of a set whose names match `glob`. */
export async function loadSet(set: SetName, glob: string): Promise<BenchCase[]> {
  const re = globToRegex(glob);
  if (set === 'city') return CITY_SIZES.map(cityCase).filter((c) => re.test(c.name));
  const checker = (await import(pathToFileURL(checkerPath).href)) as SolomonChecker;
  const dir = set === 'gh' ? ghDir : solomonDir;
  const refs = set === 'gh' ? ghReferences() : solomonReferences();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt') && re.test(f.replace(/\.txt$/, '')))
    .sort(bySize);
  return files.map((f) => solomonCase(checker, join(dir, f), refs.get(f.replace(/\.txt$/, ''))));
}

/** GH names are class_size_number: order by size first so a run shows the 200s before the 1,000s. */
function bySize(a: string, b: string): number {
  const size = (f: string) => Number(/_(\d+)_/.exec(f)?.[1] ?? 0);
  return size(a) - size(b) || a.localeCompare(b);
}

function solomonCase(checker: SolomonChecker, file: string, ref?: BenchCase['ref']): BenchCase {
  const text = readFileSync(file, 'utf8');
  const instance = checker.parseSolomon(text);
  return {
    name: file.replace(/^.*\//, '').replace(/\.txt$/, ''),
    problem: solomonToProblem(parseSolomon(text)),
    balanceWeight: 0,
    ref,
    check(sol) {
      const routes = sol.routes.map((r) => r.stops.map((s) => Number(s.jobId)));
      const v = checker.check(instance, routes);
      const unassigned = sol.unassigned.length;
      return { ...v, feasible: v.feasible && unassigned === 0, unassigned };
    },
  };
}

/** Solomon: the corrected distance-only values; vehicles from the hierarchical (fewest routes first) table. */
function solomonReferences(): Map<string, { distance: number; vehicles: number }> {
  const rows = (file: string) =>
    readFileSync(join(solomonDir, file), 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c.length >= 3);
  const vehicles = new Map(rows('bks-hierarchical.csv').map(([n, v]) => [n, Number(v)]));
  return new Map(
    rows('bks-distance.csv').map(([n, , d]) => [
      n as string,
      { distance: Number(d), vehicles: vehicles.get(n) ?? NaN },
    ]),
  );
}

/** Gehring–Homberger: only hierarchical best known values exist (fewest routes, then distance). */
function ghReferences(): Map<string, { distance: number; vehicles: number }> {
  const out = new Map<string, { distance: number; vehicles: number }>();
  for (const line of readFileSync(join(ghDir, 'bks-hierarchical.csv'), 'utf8').split(/\r?\n/).slice(1)) {
    const c = line.split(',');
    if (c.length >= 6) out.set(c[2] as string, { vehicles: Number(c[4]), distance: Number(c[5]) });
  }
  return out;
}

function cityCase([visits, crews]: [number, number]): BenchCase {
  const { problem } = cityTeamDay({ visits, crews, seed: visits });
  return {
    name: `city-${visits}`,
    problem,
    balanceWeight: 0.02,
    check(sol) {
      const errors = verifyPlan(problem, sol);
      return {
        feasible: errors.length === 0,
        distance: sol.distance / 1000,
        vehicles: sol.routes.length,
        unassigned: sol.unassigned.length,
        errors,
      };
    },
  };
}
