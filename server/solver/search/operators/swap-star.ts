import type { RouteBuilder } from '../../eval/builder';
import type { Route } from '../../eval/route';
import type { SolutionState } from '../solution';
import { commit, costRemoveInsert, jobsRemoveInsert, movable, type Operator } from './shared';

const INF = Number.POSITIVE_INFINITY;
const TOP = 3;

/**
 * SWAP* (Vidal 2022): u and v leave their routes and each is reinserted into the other's route at
 * its best position there, not necessarily where the other was. Candidate positions are the
 * cheapest few by travel detour plus the vacated place; each is checked exactly.
 */
export class SwapStar implements Operator {
  readonly name = 'swap*';
  private readonly qs = new Int32Array(TOP + 1);
  private readonly ds = new Float64Array(TOP + 1);
  private ru = -1;
  private rv = -1;
  private pu = 0;
  private pv = 0;
  private qu = 0;
  private qv = 0;
  private bestQ = -1;

  constructor(private readonly b: RouteBuilder) {}

  evaluate(s: SolutionState, u: number, v: number): number {
    const a = s.routeOf[u]!;
    const c = s.routeOf[v]!;
    if (a < 0 || c < 0 || a === c) return INF;
    const ru = s.routes[a]!;
    const rv = s.routes[c]!;
    const pu = s.posOf[u]!;
    const pv = s.posOf[v]!;
    if (!movable(ru, pu, pu) || !movable(rv, pv, pv)) return INF;
    const total = ru.cost + rv.cost;
    const costV = this.bestReinsert(rv, pv, u, total);
    if (costV === INF) return INF;
    const qv = this.bestQ;
    const costU = this.bestReinsert(ru, pu, v, total - costV);
    if (costU === INF) return INF;
    this.ru = a;
    this.rv = c;
    this.pu = pu;
    this.pv = pv;
    this.qu = this.bestQ;
    this.qv = qv;
    return costU + costV - total;
  }

  /** Cheapest route r with position x removed and job j inserted, over the candidate positions (position in bestQ). */
  private bestReinsert(r: Route, x: number, j: number, bound: number): number {
    const inst = r.inst;
    const { dur, size } = inst;
    const loc = inst.jobLoc[j]!;
    const qs = this.qs;
    const ds = this.ds;
    ds.fill(INF);
    // Positions q whose edge (q, q+1) survives the removal of x.
    for (let q = 0; q <= r.len; q++) {
      if (q === x - 1 || q === x) continue;
      const from = r.loc(q);
      const to = r.loc(q + 1);
      const d = dur[from * size + loc]! + dur[loc * size + to]! - dur[from * size + to]!;
      if (d >= ds[TOP - 1]!) continue;
      let k = TOP - 1;
      while (k > 0 && ds[k - 1]! > d) {
        ds[k] = ds[k - 1]!;
        qs[k] = qs[k - 1]!;
        k--;
      }
      ds[k] = d;
      qs[k] = q;
    }
    ds[TOP] = 0;
    qs[TOP] = x - 1;
    let best = INF;
    let bestQ = -1;
    for (let k = 0; k <= TOP; k++) {
      if (ds[k] === INF) continue;
      const c = costRemoveInsert(this.b, r, x, x, null, j, j, qs[k]!, Math.min(best, bound));
      if (c < best) {
        best = c;
        bestQ = qs[k]!;
      }
    }
    this.bestQ = bestQ;
    return best;
  }

  apply(s: SolutionState): void {
    const ru = s.routes[this.ru]!;
    const rv = s.routes[this.rv]!;
    const u = ru.nodes[this.pu - 1]!;
    const v = rv.nodes[this.pv - 1]!;
    const a = jobsRemoveInsert(ru, this.pu, this.pu, [v], this.qu);
    const c = jobsRemoveInsert(rv, this.pv, this.pv, [u], this.qv);
    commit(s, ru, a);
    commit(s, rv, c);
  }
}
