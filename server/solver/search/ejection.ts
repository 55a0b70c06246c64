import type { RouteBuilder } from '../eval/builder';
import type { Route } from '../eval/route';
import type { SolutionState } from './solution';

const INF = Number.POSITIVE_INFINITY;

/** The cheapest ejection found so far: route, insertion position (before old position `pos`), ejected positions. */
interface Ejection {
  route: number;
  pos: number;
  e1: number;
  /** 0 when only one job is ejected. */
  e2: number;
  /** Sum of the ejected jobs' weights (absence counter + 1). */
  sum: number;
  cost: number;
}

const best: Ejection = { route: -1, pos: 0, e1: 0, e2: 0, sum: 0, cost: 0 };

/**
 * Insertion with ejection (Nagata & Bräysy 2009, "A powerful route minimization heuristic for the VRPTW"):
 * places job j into a used route by taking out one or two of its jobs, choosing the ejection whose
 * weights (absence counter + 1 each, as NB's counters start at 1: one ejection beats two of the same
 * kind) sum lowest — jobs that rarely stay out are the easy ones to place again — then the lowest route
 * cost. Only ejections weighing less than `limit` count, so a fleet squeeze trades a hard visit for
 * easier ones and never the other way round. Locked jobs stay. Returns the ejected jobs (now
 * unassigned) in `out`, or false when no ejection fits.
 */
export function ejectInsert(
  s: SolutionState,
  b: RouteBuilder,
  j: number,
  absence: Int32Array,
  limit: number,
  out: number[],
): boolean {
  const inst = s.inst;
  const { allowed, n, locked } = inst;
  best.route = -1;
  // Counters are integers: "at most limit − 1" is "below limit".
  best.sum = limit - 1;
  best.cost = INF;
  for (let k = 0; k < s.routes.length; k++) {
    const r = s.routes[k]!;
    if (r.len === 0 || !allowed[r.v * n + j]) continue;
    for (let e1 = 1; e1 <= r.len; e1++) {
      const j1 = r.nodes[e1 - 1]!;
      if (locked[j1]) continue;
      const a1 = absence[j1]! + 1;
      if (a1 > best.sum) continue;
      tryRoute(b, r, j, e1, 0, a1);
      for (let e2 = e1 + 1; e2 <= r.len; e2++) {
        const j2 = r.nodes[e2 - 1]!;
        const a2 = a1 + absence[j2]! + 1;
        if (locked[j2] || a2 > best.sum) continue;
        tryRoute(b, r, j, e1, e2, a2);
      }
    }
  }
  if (best.route < 0) return false;
  const r = s.routes[best.route]!;
  const { pos, e1, e2 } = best;
  const a = r.nodes[e1 - 1]!;
  const c = e2 > 0 ? r.nodes[e2 - 1]! : -1;
  if (e2 > 0) r.removeRange(e2, e2);
  r.removeRange(e1, e1);
  s.drop(a);
  out.push(a);
  if (c >= 0) {
    s.drop(c);
    out.push(c);
  }
  // Old position `pos` moves left by each ejected position before it.
  const at = pos - (e1 < pos ? 1 : 0) - (e2 > 0 && e2 < pos ? 1 : 0);
  s.place(r, at, j);
  s.touch(r);
  return true;
}

/** Tries every insertion position of j in route r with positions e1 (and e2 when > 0) taken out. */
function tryRoute(b: RouteBuilder, r: Route, j: number, e1: number, e2: number, sum: number): void {
  for (let p = 1; p <= r.len + 1; p++) {
    // Inserting before an ejected position is the same route as inserting after it.
    if (p === e1 || p === e2) continue;
    const c = evaluate(b, r, j, p, e1, e2);
    if (c === INF) continue;
    if (sum < best.sum || c < best.cost) {
      best.route = r.v;
      best.pos = p;
      best.e1 = e1;
      best.e2 = e2;
      best.sum = sum;
      best.cost = c;
    }
  }
}

/** Cost of route r with j before old position p and positions e1 (and e2) left out; +∞ when infeasible. */
function evaluate(b: RouteBuilder, r: Route, j: number, p: number, e1: number, e2: number): number {
  // Cut points in route order: the insertion (before p) and the ejections (skip one position each).
  const cuts = e2 > 0 ? 3 : 2;
  cut[0] = p;
  cut[1] = e1;
  cut[2] = e2;
  kind[0] = 1;
  kind[1] = 0;
  kind[2] = 0;
  // Three elements: a tiny insertion sort keeps the order (insertion before an ejection at the same point).
  for (let x = 1; x < cuts; x++) {
    for (let y = x; y > 0 && cut[y - 1]! > cut[y]!; y--) {
      const t = cut[y]!;
      cut[y] = cut[y - 1]!;
      cut[y - 1] = t;
      const u = kind[y]!;
      kind[y] = kind[y - 1]!;
      kind[y - 1] = u;
    }
  }
  b.begin(r.v).prefix(r, cut[0]! - 1);
  let at = cut[0]!;
  for (let x = 0; x < cuts; x++) {
    const c = cut[x]!;
    b.slice(r, at, c - 1);
    if (kind[x] === 1) {
      b.job(j);
      at = c;
    } else at = c + 1;
  }
  return b.suffix(r, at);
}

const cut = new Int32Array(3);
const kind = new Int8Array(3);
