import type { RouteBuilder } from '../../eval/builder';
import type { SolutionState } from '../solution';
import { commit, jobsOf, movable, type Operator } from './shared';

const INF = Number.POSITIVE_INFINITY;
const MAX_LEN = 3;

/**
 * Cross-exchange: swaps a chain of 1–3 jobs starting at u with a chain of 1–3 jobs starting right
 * after v in another route, so v is followed by u's chain. (1,1) is left to Swap.
 */
export class CrossExchange implements Operator {
  readonly name = 'cross-exchange';
  private ru = -1;
  private rv = -1;
  private x = 0;
  private lx = 0;
  private y = 0;
  private ly = 0;

  constructor(private readonly b: RouteBuilder) {}

  evaluate(s: SolutionState, u: number, v: number): number {
    const a = s.routeOf[u]!;
    const c = s.routeOf[v]!;
    if (a < 0 || c < 0 || a === c) return INF;
    const ru = s.routes[a]!;
    const rv = s.routes[c]!;
    const x = s.posOf[u]!;
    const y = s.posOf[v]! + 1;
    const b = this.b;
    const total = ru.cost + rv.cost;
    let best = INF;
    for (let lx = 1; lx <= MAX_LEN && x + lx - 1 <= ru.len; lx++) {
      if (!movable(ru, x, x + lx - 1)) break;
      for (let ly = 1; ly <= MAX_LEN && y + ly - 1 <= rv.len; ly++) {
        if (lx === 1 && ly === 1) continue;
        if (!movable(rv, y, y + ly - 1)) break;
        const cu = b
          .begin(ru.v)
          .prefix(ru, x - 1)
          .slice(rv, y, y + ly - 1)
          .suffix(ru, x + lx, total + best);
        if (cu === INF) continue;
        const cv = b
          .begin(rv.v)
          .prefix(rv, y - 1)
          .slice(ru, x, x + lx - 1)
          .suffix(rv, y + ly, total + best - cu);
        const d = cu + cv - total;
        if (d < best) {
          best = d;
          this.ru = a;
          this.rv = c;
          this.x = x;
          this.lx = lx;
          this.y = y;
          this.ly = ly;
        }
      }
    }
    return best;
  }

  apply(s: SolutionState): void {
    const ru = s.routes[this.ru]!;
    const rv = s.routes[this.rv]!;
    const { x, lx, y, ly } = this;
    const a = [...jobsOf(ru, 1, x - 1), ...jobsOf(rv, y, y + ly - 1), ...jobsOf(ru, x + lx, ru.len)];
    const c = [...jobsOf(rv, 1, y - 1), ...jobsOf(ru, x, x + lx - 1), ...jobsOf(rv, y + ly, rv.len)];
    commit(s, ru, a);
    commit(s, rv, c);
  }
}
