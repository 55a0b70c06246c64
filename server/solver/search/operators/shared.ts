import type { RouteBuilder } from '../../eval/builder';
import type { Route } from '../../eval/route';
import type { SolutionState } from '../solution';

const INF = Number.POSITIVE_INFINITY;

/** A local-search operator: evaluates moves around a job pair without mutating, then applies the best one. */
export interface Operator {
  readonly name: string;
  /** Best cost delta among this operator's moves for (u, v), +∞ if none is feasible; remembers that move. */
  evaluate(s: SolutionState, u: number, v: number): number;
  /** Applies the move remembered by the last `evaluate`. */
  apply(s: SolutionState): void;
}

/** True when none of positions a..b of r is position-pinned. */
export function movable(r: Route, a: number, b: number): boolean {
  return r.lockedCount[b]! === r.lockedCount[a - 1]!;
}

/** Jobs at positions a..b of r (empty when b < a). */
export function jobsOf(r: Route, a: number, b: number): number[] {
  const out: number[] = [];
  for (let p = a; p <= b; p++) out.push(r.nodes[p - 1]!);
  return out;
}

/** Replaces r's jobs and refreshes caches and the job index. */
export function commit(s: SolutionState, r: Route, jobs: number[]): void {
  r.setJobs(jobs);
  s.touch(r);
}

/**
 * Cost of route r with the jobs at positions x..y taken out and `seg` (positions a..z of route `src`,
 * or a single job when `src` is null and a = job) put right after original position q (q < x or q ≥ y).
 * This one evaluator serves relocate, or-opt, SWAP* and the intra-route variants.
 */
export function costRemoveInsert(
  b: RouteBuilder,
  r: Route,
  x: number,
  y: number,
  src: Route | null,
  a: number,
  z: number,
  q: number,
  bound: number,
): number {
  b.begin(r.v);
  if (q < x) {
    b.prefix(r, q);
    if (src) b.slice(src, a, z);
    else b.job(a);
    b.slice(r, q + 1, x - 1);
  } else {
    b.prefix(r, x - 1);
    b.slice(r, y + 1, q);
    if (src) b.slice(src, a, z);
    else b.job(a);
  }
  return b.suffix(r, Math.max(q, y) + 1, bound);
}

/** Cost of route r with positions x..y removed (nothing inserted). */
export function costRemove(b: RouteBuilder, r: Route, x: number, y: number, bound = INF): number {
  return b
    .begin(r.v)
    .prefix(r, x - 1)
    .suffix(r, y + 1, bound);
}

/** Jobs of r after removing positions x..y and inserting `seg` after original position q. */
export function jobsRemoveInsert(r: Route, x: number, y: number, seg: number[], q: number): number[] {
  if (q < x) return [...jobsOf(r, 1, q), ...seg, ...jobsOf(r, q + 1, x - 1), ...jobsOf(r, y + 1, r.len)];
  return [...jobsOf(r, 1, x - 1), ...jobsOf(r, y + 1, q), ...seg, ...jobsOf(r, q + 1, r.len)];
}

/** Cost of route r with `seg` (from src a..z) inserted after position q (no removal). */
export function costInsert(
  b: RouteBuilder,
  r: Route,
  src: Route | null,
  a: number,
  z: number,
  q: number,
  bound = INF,
): number {
  b.begin(r.v).prefix(r, q);
  if (src) b.slice(src, a, z);
  else b.job(a);
  return b.suffix(r, q + 1, bound);
}
