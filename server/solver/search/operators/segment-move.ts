import type { RouteBuilder } from '../../eval/builder';
import type { SolutionState } from '../solution';
import { commit, costInsert, costRemove, costRemoveInsert, jobsOf, jobsRemoveInsert, movable } from './shared';

const INF = Number.POSITIVE_INFINITY;

/** A remembered segment move: positions x..y of route `from` go after position q of route `to`. */
export interface SegmentMove {
  from: number;
  x: number;
  y: number;
  to: number;
  q: number;
}

/**
 * Delta of moving the `len` jobs starting at u so they follow position q of v's route
 * (shared by relocate and or-opt). +∞ when infeasible or meaningless.
 */
export function evalSegmentMove(
  s: SolutionState,
  b: RouteBuilder,
  u: number,
  len: number,
  to: number,
  q: number,
  out: SegmentMove,
): number {
  const from = s.routeOf[u]!;
  if (from < 0 || to < 0) return INF;
  const ru = s.routes[from]!;
  const x = s.posOf[u]!;
  const y = x + len - 1;
  if (y > ru.len || !movable(ru, x, y)) return INF;
  let delta: number;
  if (from === to) {
    if (q >= x - 1 && q <= y) return INF;
    delta = costRemoveInsert(b, ru, x, y, ru, x, y, q, ru.cost) - ru.cost;
  } else {
    const rv = s.routes[to]!;
    const gain = costRemove(b, ru, x, y) - ru.cost;
    if (gain === INF) return INF;
    const c = costInsert(b, rv, ru, x, y, q, rv.cost - gain);
    delta = c - rv.cost + gain;
  }
  out.from = from;
  out.x = x;
  out.y = y;
  out.to = to;
  out.q = q;
  return delta;
}

/** Applies a segment move remembered by `evalSegmentMove`. */
export function applySegmentMove(s: SolutionState, mv: SegmentMove): void {
  const ru = s.routes[mv.from]!;
  const seg = jobsOf(ru, mv.x, mv.y);
  if (mv.from === mv.to) {
    commit(s, ru, jobsRemoveInsert(ru, mv.x, mv.y, seg, mv.q));
    return;
  }
  const rv = s.routes[mv.to]!;
  const target = [...jobsOf(rv, 1, mv.q), ...seg, ...jobsOf(rv, mv.q + 1, rv.len)];
  commit(s, ru, [...jobsOf(ru, 1, mv.x - 1), ...jobsOf(ru, mv.y + 1, ru.len)]);
  commit(s, rv, target);
}
