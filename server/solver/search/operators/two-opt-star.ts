import type { RouteBuilder } from '../../eval/builder';
import type { SolutionState } from '../solution';
import { commit, jobsOf, movable, type Operator } from './shared';

const INF = Number.POSITIVE_INFINITY;

/**
 * 2-opt*: joins u's route head (…, u) to v's route tail (v, …) and v's head (…, pred v) to u's
 * tail (succ u, …), creating the edge u → v between two routes.
 */
export class TwoOptStar implements Operator {
  readonly name = '2-opt*';
  private u = -1;
  private v = -1;

  constructor(private readonly b: RouteBuilder) {}

  evaluate(s: SolutionState, u: number, v: number): number {
    const a = s.routeOf[u]!;
    const c = s.routeOf[v]!;
    if (a < 0 || c < 0 || a === c) return INF;
    const ru = s.routes[a]!;
    const rv = s.routes[c]!;
    const pu = s.posOf[u]!;
    const pv = s.posOf[v]!;
    // Tails change vehicle: position-pinned jobs must stay.
    if (!movable(ru, pu + 1, ru.len) || !movable(rv, pv, rv.len)) return INF;
    const b = this.b;
    const total = ru.cost + rv.cost;
    const cu = b.begin(ru.v).prefix(ru, pu).suffix(rv, pv, total);
    if (cu === INF) return INF;
    const cv = b
      .begin(rv.v)
      .prefix(rv, pv - 1)
      .suffix(ru, pu + 1, total - cu);
    this.u = u;
    this.v = v;
    return cu + cv - total;
  }

  apply(s: SolutionState): void {
    const ru = s.routes[s.routeOf[this.u]!]!;
    const rv = s.routes[s.routeOf[this.v]!]!;
    const pu = s.posOf[this.u]!;
    const pv = s.posOf[this.v]!;
    const a = [...jobsOf(ru, 1, pu), ...jobsOf(rv, pv, rv.len)];
    const c = [...jobsOf(rv, 1, pv - 1), ...jobsOf(ru, pu + 1, ru.len)];
    commit(s, ru, a);
    commit(s, rv, c);
  }
}
