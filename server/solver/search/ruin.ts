import type { Rng } from './rng';
import type { SolutionState } from './solution';
import { nextStamp } from './stamps';

/** SISR ruin parameters (Christiaens & Vanden Berghe 2020). */
export interface RuinParams {
  /** Average number of removed jobs. */
  cBar: number;
  /** Longest string removed from one route. */
  lMax: number;
  /** Probability of the split-string variant. */
  splitRate: number;
  /** Chance to stop growing the preserved part of a split string. */
  splitDepth: number;
}

export const defaultRuin: RuinParams = { cBar: 10, lMax: 10, splitRate: 0.5, splitDepth: 0.01 };

/**
 * Removes strings of consecutive jobs from routes near a random seed job, appending removed jobs
 * to `removed`. Spatially related removals leave holes that a recreate can fill better.
 */
export function ruinStrings(s: SolutionState, adj: Int32Array[], rng: Rng, prm: RuinParams, removed: number[]): void {
  const inst = s.inst;
  let assigned = 0;
  let used = 0;
  for (let k = 0; k < s.routes.length; k++) {
    const r = s.routes[k]!;
    assigned += r.len;
    if (r.len > 0) used++;
  }
  if (assigned === 0) return;
  const lsMax = Math.min(prm.lMax, assigned / used);
  const ksMax = (4 * prm.cBar) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.next() * ksMax) + 1;
  // The first assigned job from a random one on, wrapping round. Written so that every operation runs on the first
  // step: a `% n` reached only when the draw is unassigned had no type feedback and deoptimised the compiled ruin
  // the first time it ran.
  let seed = rng.int(inst.n) - 1;
  do seed = seed + 1 < inst.n ? seed + 1 : 0;
  while (s.routeOf[seed]! < 0);
  // Routes already ruined this time carry the current stamp (no set to allocate per call).
  if (ruinedAt.length < s.routes.length) ruinedAt = new Int32Array(s.routes.length);
  ruinStamp = nextStamp(ruinStamp, ruinedAt);
  const now = ruinStamp;
  let ruined = 0;
  if (keep.length < inst.n + 2) keep = new Uint8Array(inst.n + 2);
  const around = adj[seed]!;
  for (let k = -1; k < around.length && ruined < ks; k++) {
    const c = k < 0 ? seed : around[k]!;
    const rv = s.routeOf[c]!;
    if (rv < 0 || ruinedAt[rv] === now) continue;
    const r = s.routes[rv]!;
    const lMaxHere = Math.min(r.len, lsMax);
    const l = Math.floor(rng.next() * lMaxHere) + 1;
    const p = s.posOf[c]!;
    // Only positions lo..hi can leave: `keep` is written and read there alone (removeUnkept reads inside it too).
    let lo: number;
    let hi: number;
    if (l === r.len || rng.next() >= prm.splitRate) {
      lo = pickStart(rng, p, l, r.len);
      hi = lo + l - 1;
      for (let q = lo; q <= hi; q++) keep[q] = 0;
    } else {
      let m = 1;
      while (m < r.len - l && rng.next() > prm.splitDepth) m++;
      lo = pickStart(rng, p, l + m, r.len);
      hi = lo + l + m - 1;
      const keepAt = lo + rng.int(l + 1);
      for (let q = lo; q <= hi; q++) keep[q] = q >= keepAt && q < keepAt + m ? 1 : 0;
    }
    // Jobs leave right to left (the order the recreate draws for them); the route is closed up and refreshed once.
    let first = 0;
    let last = 0;
    for (let q = hi; q >= lo; q--) {
      const j = r.nodes[q - 1]!;
      if (keep[q] || inst.locked[j]) {
        keep[q] = 1;
        continue;
      }
      removed.push(j);
      s.drop(j);
      if (last === 0) last = q;
      first = q;
    }
    // The kept jobs stay on route rv (routeOf holds) and get their new positions as they move: only the cost is left.
    if (last > 0) r.removeUnkept(keep, first, last, s.posOf);
    s.recost(r);
    ruinedAt[rv] = now;
    ruined++;
  }
}

let ruinedAt = new Int32Array(0);
let ruinStamp = 0;
let keep = new Uint8Array(0);

/** A start position so that [start, start + len) lies inside 1..routeLen and contains p. */
function pickStart(rng: Rng, p: number, len: number, routeLen: number): number {
  const lo = Math.max(1, p - len + 1);
  const hi = Math.min(p, routeLen - len + 1);
  return hi <= lo ? lo : lo + rng.int(hi - lo + 1);
}

/**
 * Empties one route, preferring short ones (weight 1/len²), so the recreate can try to do the
 * same work with one vehicle less — string removals alone rarely empty a route.
 */
export function ruinRoute(s: SolutionState, rng: Rng, removed: number[]): void {
  let total = 0;
  for (let k = 0; k < s.routes.length; k++) {
    const r = s.routes[k]!;
    if (r.len > 0 && r.lockedCount[r.len] === 0) total += 1 / (r.len * r.len);
  }
  if (total === 0) return;
  let pick = rng.next() * total;
  for (let k = 0; k < s.routes.length; k++) {
    const r = s.routes[k]!;
    if (r.len === 0 || r.lockedCount[r.len] !== 0) continue;
    pick -= 1 / (r.len * r.len);
    if (pick > 0) continue;
    for (let q = r.len; q >= 1; q--) {
      const j = r.nodes[q - 1]!;
      removed.push(j);
      s.drop(j);
    }
    r.removeRange(1, r.len);
    s.touch(r);
    return;
  }
}

/**
 * Adds previously unassigned jobs to the recreate list: all of them when few, otherwise a random
 * handful, so an over-full day does not make every iteration re-try hundreds of hopeless visits.
 */
export function addSomeUnassigned(s: SolutionState, removed: number[], rng: Rng, cap: number): void {
  const fresh = removed.length;
  const pool = s.unassigned;
  const others = pool.length - fresh;
  if (others <= 0) return;
  const p = Math.min(1, cap / others);
  for (let i = 0; i < pool.length; i++) {
    const j = pool[i]!;
    if (s.routeOf[j]! >= 0) continue;
    let isFresh = false;
    for (let k = 0; k < fresh; k++) if (removed[k] === j) isFresh = true;
    if (!isFresh && (p === 1 || rng.next() < p)) removed.push(j);
  }
}
