import type { RouteBuilder } from '../../eval/builder';
import type { SolutionState } from '../solution';
import { applySegmentMove, evalSegmentMove, type SegmentMove } from './segment-move';
import type { Operator } from './shared';

/** Relocate: moves job u right after or right before its neighbour v (same or other route). */
export class Relocate implements Operator {
  readonly name = 'relocate';
  private readonly best: SegmentMove = { from: 0, x: 0, y: 0, to: 0, q: 0 };
  private readonly tmp: SegmentMove = { from: 0, x: 0, y: 0, to: 0, q: 0 };

  constructor(private readonly b: RouteBuilder) {}

  evaluate(s: SolutionState, u: number, v: number): number {
    const rv = s.routeOf[v]!;
    if (rv < 0) return Number.POSITIVE_INFINITY;
    const pv = s.posOf[v]!;
    let best = Number.POSITIVE_INFINITY;
    for (const q of [pv, pv - 1]) {
      const d = evalSegmentMove(s, this.b, u, 1, rv, q, this.tmp);
      if (d < best) {
        best = d;
        Object.assign(this.best, this.tmp);
      }
    }
    return best;
  }

  apply(s: SolutionState): void {
    applySegmentMove(s, this.best);
  }
}
