/**
 * Concatenable duration segments (Vidal et al. 2013) with hard windows: a segment summarises a
 * sequence of stops by its minimum duration `d`, earliest/latest feasible start `e`/`l` and time
 * warp `tw` (> 0 means infeasible). Concatenation is O(1), which makes every move check O(1).
 */
export class Seg {
  // −0, not 0: fields that start as small integers change representation at the first double stored, which gives the
  // next Seg another shape and, with it, threw away the optimised code of every RouteBuilder method at the second
  // builder of a process (each solve makes one). −0 is a double and adds like 0.
  d = -0;
  e = -0;
  l = -0;
  tw = -0;

  set(d: number, e: number, l: number, tw: number): this {
    this.d = d;
    this.e = e;
    this.l = l;
    this.tw = tw;
    return this;
  }
}

/** Writes A ⊕ B into `out` (which may alias A) where `t` is the travel time from A's last to B's first stop. */
export function concat(
  aD: number,
  aE: number,
  aL: number,
  aTW: number,
  t: number,
  bD: number,
  bE: number,
  bL: number,
  bTW: number,
  out: Seg,
): void {
  const delta = aD - aTW + t;
  const dWT = Math.max(bE - delta - aL, 0);
  const dTW = Math.max(aE + delta - bL, 0);
  out.d = aD + bD + t + dWT;
  out.tw = aTW + bTW + dTW;
  out.e = Math.max(bE - delta, aE) - dWT;
  out.l = Math.min(bL - delta, aL) + dTW;
}

/*
 * max(x, 0), max and min written as comparisons, for the hot loops (the route refresh, the insertion scan). The
 * compiled Math.max and Math.min also handle NaN and tell −0 from +0, which costs several instructions and branches
 * each; the sums of times these take are never NaN, and the sign of a zero changes no sum or comparison after them.
 */
export function nonNeg(x: number): number {
  // biome-ignore lint/complexity/useMathMinMax: the comparison is the point (see above)
  return x > 0 ? x : 0;
}

export function max2(a: number, b: number): number {
  // biome-ignore lint/complexity/useMathMinMax: the comparison is the point (see above)
  return a > b ? a : b;
}

export function min2(a: number, b: number): number {
  // biome-ignore lint/complexity/useMathMinMax: the comparison is the point (see above)
  return a < b ? a : b;
}

/** Tolerance on time warp, far below the checker's 1e-6 so float round-off never flips feasibility. */
export const TW_EPS = 1e-9;
