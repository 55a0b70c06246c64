import type { RouteBuilder } from '../../eval/builder';
import type { SolutionState } from '../solution';
import { commit, jobsOf, movable, type Operator } from './shared';

const INF = Number.POSITIVE_INFINITY;

/** Swap: exchanges the places of jobs u and v (same or other route). */
export class Swap implements Operator {
  readonly name = 'swap';
  private u = -1;
  private v = -1;

  constructor(private readonly b: RouteBuilder) {}

  evaluate(s: SolutionState, u: number, v: number): number {
    const a = s.routeOf[u]!;
    const c = s.routeOf[v]!;
    if (a < 0 || c < 0) return INF;
    const ru = s.routes[a]!;
    const rv = s.routes[c]!;
    const pu = s.posOf[u]!;
    const pv = s.posOf[v]!;
    if (!movable(ru, pu, pu) || !movable(rv, pv, pv)) return INF;
    const b = this.b;
    let delta: number;
    if (a === c) {
      const [x, y, jx, jy] = pu < pv ? [pu, pv, u, v] : [pv, pu, v, u];
      b.begin(ru.v)
        .prefix(ru, x - 1)
        .job(jy)
        .slice(ru, x + 1, y - 1)
        .job(jx);
      delta = b.suffix(ru, y + 1, ru.cost) - ru.cost;
    } else {
      const cu = b
        .begin(ru.v)
        .prefix(ru, pu - 1)
        .job(v)
        .suffix(ru, pu + 1);
      if (cu === INF) return INF;
      const cv = b
        .begin(rv.v)
        .prefix(rv, pv - 1)
        .job(u)
        .suffix(rv, pv + 1, ru.cost + rv.cost - cu);
      delta = cu + cv - ru.cost - rv.cost;
    }
    this.u = u;
    this.v = v;
    return delta;
  }

  apply(s: SolutionState): void {
    const { u, v } = this;
    const ru = s.routes[s.routeOf[u]!]!;
    const rv = s.routes[s.routeOf[v]!]!;
    const pu = s.posOf[u]!;
    const pv = s.posOf[v]!;
    if (ru === rv) {
      const jobs = jobsOf(ru, 1, ru.len);
      jobs[pu - 1] = v;
      jobs[pv - 1] = u;
      commit(s, ru, jobs);
      return;
    }
    const a = jobsOf(ru, 1, ru.len);
    const c = jobsOf(rv, 1, rv.len);
    a[pu - 1] = v;
    c[pv - 1] = u;
    commit(s, ru, a);
    commit(s, rv, c);
  }
}
