import type { Instance } from '../model/instance';
import { exactBack, exactBackState, exactBegin, exactEndLatest, exactState, exactStep } from './exact';
import { max2, min2, nonNeg } from './segment';

/** Source of route stamps: every change to any route takes a fresh one, so equal stamps mean equal routes. */
let lastStamp = 0;

/** The newest stamp handed out so far: a route whose stamp is not above it has not changed since. */
export function currentStamp(): number {
  return lastStamp;
}

/** Moves whenever some route, of any state, turns empty or stops being empty (see SolutionState.scanRoutes). */
let emptyEpoch = 0;

/** The count of emptiness changes so far: while it stands, every route is as empty as it was. */
export function emptinessEpoch(): number {
  return emptyEpoch;
}

/**
 * One vehicle's route with prefix/suffix caches. Positions are over the full sequence:
 * 0 = start place, 1..len = jobs, len + 1 = end place.
 */
export class Route {
  // The arrays are `declare`d and assigned only in the constructor: a field declared without an initialiser is
  // emitted as a definition to undefined first, and a field that held undefined before its array has no known
  // type for the optimising compiler, which then checks each array's map again at every read in the hot loops.
  len = 0;
  cost = 0;
  /** Changes whenever the route does; a copy takes the original's stamp (see SolutionState.copyFrom). */
  stamp = 0;
  /** Load at the end of the route (load[len + 1]), kept as a field for the insertion scan's capacity check. */
  endLoad = 0;
  declare readonly nodes: Int32Array;
  declare readonly fD: Float64Array;
  declare readonly fE: Float64Array;
  declare readonly fL: Float64Array;
  declare readonly fTW: Float64Array;
  /** Earliest departure from position p (fE + fD − fTW), what the insertion scan reads at every position. */
  declare readonly fDep: Float64Array;
  declare readonly bD: Float64Array;
  declare readonly bE: Float64Array;
  declare readonly bL: Float64Array;
  declare readonly bTW: Float64Array;
  /** Travel from the start place up to position p. */
  declare readonly cum: Float64Array;
  declare readonly load: Float64Array;
  declare readonly restrictedCount: Int32Array;
  declare readonly lockedCount: Int32Array;
  declare readonly multiCount: Int32Array;
  /** Matrix row at each full-sequence position. */
  declare readonly locs: Int32Array;
  /**
   * Exact time states (see ExactState in exact.ts), only when the instance needs them: earliest
   * departures from positions 0..len with the break to take / taken, latest arrivals at 1..len + 1.
   */
  declare readonly xF0: Float64Array;
  declare readonly xF1: Float64Array;
  declare readonly xL0: Float64Array;
  declare readonly xL1: Float64Array;

  declare readonly inst: Instance;
  declare readonly v: number;
  /** The vehicle's capacity plus the rounding slack the capacity checks allow. */
  declare readonly capLimit: number;

  constructor(inst: Instance, v: number) {
    this.inst = inst;
    this.v = v;
    this.capLimit = inst.capacity[v]! + 1e-9;
    const cap = inst.n + 2;
    this.nodes = new Int32Array(cap);
    this.fD = new Float64Array(cap);
    this.fE = new Float64Array(cap);
    this.fL = new Float64Array(cap);
    this.fTW = new Float64Array(cap);
    this.fDep = new Float64Array(cap);
    this.bD = new Float64Array(cap);
    this.bE = new Float64Array(cap);
    this.bL = new Float64Array(cap);
    this.bTW = new Float64Array(cap);
    this.cum = new Float64Array(cap);
    this.load = new Float64Array(cap);
    this.restrictedCount = new Int32Array(cap);
    this.lockedCount = new Int32Array(cap);
    this.multiCount = new Int32Array(cap);
    this.locs = new Int32Array(cap);
    const xcap = inst.exact ? cap : 0;
    this.xF0 = new Float64Array(xcap);
    this.xF1 = new Float64Array(xcap);
    this.xL0 = new Float64Array(xcap);
    this.xL1 = new Float64Array(xcap);
  }

  /** Location (matrix row) at full-sequence position p. */
  loc(p: number): number {
    return this.locs[p] as number;
  }

  /** Job at full-sequence position p (1..len). */
  job(p: number): number {
    return this.nodes[p - 1] as number;
  }

  /** Replaces the job list and rebuilds all caches. */
  setJobs(jobs: ArrayLike<number>, len = jobs.length): void {
    for (let i = 0; i < len; i++) this.nodes[i] = jobs[i] as number;
    if ((this.len === 0) !== (len === 0)) emptyEpoch++;
    this.len = len;
    this.update();
  }

  /** Inserts a job at position pos and refreshes only the caches that change. */
  insert(pos: number, job: number): void {
    // Element loops, not copyWithin: routes are short and each copyWithin is a call into the runtime.
    const { nodes, bD, bE, bL, bTW, xL0, xL1 } = this;
    for (let i = this.len; i >= pos; i--) nodes[i] = nodes[i - 1]!;
    nodes[pos - 1] = job;
    for (let p = this.len + 1; p >= pos; p--) {
      bD[p + 1] = bD[p]!;
      bE[p + 1] = bE[p]!;
      bL[p + 1] = bL[p]!;
      bTW[p + 1] = bTW[p]!;
    }
    if (this.inst.exact)
      for (let p = this.len + 1; p >= pos; p--) {
        xL0[p + 1] = xL0[p]!;
        xL1[p + 1] = xL1[p]!;
      }
    if (this.len === 0) emptyEpoch++;
    this.len++;
    this.update(pos, pos);
  }

  /** Removes the jobs at positions a..b (inclusive) and refreshes the caches. */
  removeRange(a: number, b: number): void {
    const nodes = this.nodes;
    const k = b - a + 1;
    for (let i = a - 1; i + k < this.len; i++) nodes[i] = nodes[i + k]!;
    this.closeUp(a, b, k);
  }

  /**
   * Removes every job at a position p in a..z (1 ≤ a ≤ z ≤ len) with keep[p] === 0 — the jobs at a and z among
   * them — and refreshes the caches once: the same caches as one removeRange per run of removed jobs, right to
   * left (the forward pass from a and the backward pass down from the first kept job after z are the same folds),
   * at one refresh instead of one per run.
   */
  removeUnkept(keep: Uint8Array, a: number, z: number): void {
    const nodes = this.nodes;
    let w = a - 1;
    for (let p = a + 1; p < z; p++) if (keep[p]) nodes[w++] = nodes[p - 1]!;
    const k = z - a + 1 - (w - (a - 1));
    for (let i = z; i < this.len; i++) nodes[w++] = nodes[i]!;
    this.closeUp(a, z, k);
  }

  /**
   * After k of the jobs at positions a..z left `nodes`: moves the backward caches of positions z + 1 .. len + 1
   * k places down and refreshes the rest.
   */
  private closeUp(a: number, z: number, k: number): void {
    const { bD, bE, bL, bTW, xL0, xL1 } = this;
    for (let p = z + 1; p <= this.len + 1; p++) {
      bD[p - k] = bD[p]!;
      bE[p - k] = bE[p]!;
      bL[p - k] = bL[p]!;
      bTW[p - k] = bTW[p]!;
    }
    if (this.inst.exact)
      for (let p = z + 1; p <= this.len + 1; p++) {
        xL0[p - k] = xL0[p]!;
        xL1[p - k] = xL1[p]!;
      }
    this.len -= k;
    if (this.len === 0) emptyEpoch++;
    this.update(a, z - k);
  }

  /**
   * Recomputes caches after a change to `nodes`: forward caches from position `from` on and
   * backward caches for positions ≤ `to` (the rest must already be valid, shifted into place).
   */
  update(from = 1, to = this.len + 1): void {
    this.stamp = ++lastStamp;
    const { inst, v, len } = this;
    const dur = inst.dur;
    const size = inst.size;
    const s0 = inst.shiftStart[v] as number;
    const s1 = inst.shiftEnd[v] as number;
    const { fD, fE, fL, fTW, fDep, bD, bE, bL, bTW, cum, load, locs, nodes } = this;
    const { jobLoc, service, twStart, twEnd, demand } = inst;
    fD[0] = 0;
    fE[0] = s0;
    fL[0] = s1;
    fTW[0] = 0;
    fDep[0] = s0 + 0 - 0;
    cum[0] = 0;
    load[0] = 0;
    locs[0] = inst.vStart[v]!;
    locs[len + 1] = inst.vEnd[v]!;
    const f0 = Math.max(1, Math.min(from, len + 1));
    // Running segment kept in locals: the concatenation of Seg is inlined here because this loop is hot. The
    // jobs and the end place are separate loops so the job loop has no end-of-route branches.
    let d = fD[f0 - 1]!;
    let e = fE[f0 - 1]!;
    let l = fL[f0 - 1]!;
    let tw = fTW[f0 - 1]!;
    let c = f0 === 1 ? 0 : cum[f0 - 1]!;
    let q = f0 === 1 ? 0 : load[f0 - 1]!;
    let prevLoc = locs[f0 - 1]!;
    for (let p = f0; p <= len; p++) {
      const j = nodes[p - 1]!;
      const loc = jobLoc[j]!;
      locs[p] = loc;
      const t = dur[prevLoc * size + loc]!;
      const se = twStart[j]!;
      const sl = twEnd[j]!;
      const delta = d - tw + t;
      const dWT = nonNeg(se - delta - l);
      const dTW = nonNeg(e + delta - sl);
      d = d + service[j]! + t + dWT;
      tw = tw + dTW;
      e = max2(se - delta, e) - dWT;
      l = min2(sl - delta, l) + dTW;
      fD[p] = d;
      fE[p] = e;
      fL[p] = l;
      fTW[p] = tw;
      fDep[p] = e + d - tw;
      c += t;
      cum[p] = c;
      q += demand[j]!;
      load[p] = q;
      prevLoc = loc;
    }
    {
      // The end place: no service, the shift as its window.
      const p = len + 1;
      const t = dur[prevLoc * size + locs[p]!]!;
      const delta = d - tw + t;
      const dWT = nonNeg(s0 - delta - l);
      const dTW = nonNeg(e + delta - s1);
      fD[p] = d + 0 + t + dWT;
      fTW[p] = tw + dTW;
      fE[p] = max2(s0 - delta, e) - dWT;
      fL[p] = min2(s1 - delta, l) + dTW;
      fDep[p] = fE[p]! + fD[p]! - fTW[p]!;
      cum[p] = c + t;
      load[p] = q;
      this.endLoad = q;
    }
    if (inst.hasFlags) this.updateCounts(f0);
    if (inst.exact) this.updateExact(f0, to);
    const last = len + 1;
    bD[last] = 0;
    bE[last] = s0;
    bL[last] = s1;
    bTW[last] = 0;
    const b0 = Math.min(len, to);
    d = bD[b0 + 1]!;
    e = bE[b0 + 1]!;
    l = bL[b0 + 1]!;
    tw = bTW[b0 + 1]!;
    let nextLoc = locs[b0 + 1]!;
    for (let p = b0; p >= 1; p--) {
      const j = nodes[p - 1]!;
      const loc = locs[p]!;
      const t = dur[loc * size + nextLoc]!;
      const ad = service[j]!;
      const ae = twStart[j]!;
      const al = twEnd[j]!;
      // (node) ⊕ (running suffix)
      const delta = ad + t;
      const dWT = nonNeg(e - delta - al);
      const dTW = nonNeg(ae + delta - l);
      d = ad + d + t + dWT;
      tw = tw + dTW;
      e = max2(e - delta, ae) - dWT;
      l = min2(l - delta, al) + dTW;
      bD[p] = d;
      bE[p] = e;
      bL[p] = l;
      bTW[p] = tw;
      nextLoc = loc;
    }
    if (b0 >= 0) {
      // The start place: no service, the shift as its window.
      const t = dur[locs[0]! * size + nextLoc]!;
      const delta = 0 + t;
      const dWT = nonNeg(e - delta - s1);
      const dTW = nonNeg(s0 + delta - l);
      bD[0] = 0 + d + t + dWT;
      bTW[0] = tw + dTW;
      bE[0] = max2(e - delta, s0) - dWT;
      bL[0] = min2(l - delta, s1) + dTW;
    }
  }

  /** Makes this route a copy of `b` (same instance and vehicle), stamp included. */
  copyFrom(b: Route): void {
    const len = b.len;
    if ((this.len === 0) !== (len === 0)) emptyEpoch++;
    this.len = len;
    this.cost = b.cost;
    this.stamp = b.stamp;
    this.endLoad = b.endLoad;
    // One element-wise loop: routes are short and typed-array views would allocate on every copy.
    for (let i = 0; i < len; i++) this.nodes[i] = b.nodes[i]!;
    for (let p = 0; p <= len + 1; p++) {
      this.fD[p] = b.fD[p]!;
      this.fE[p] = b.fE[p]!;
      this.fL[p] = b.fL[p]!;
      this.fTW[p] = b.fTW[p]!;
      this.fDep[p] = b.fDep[p]!;
      this.bD[p] = b.bD[p]!;
      this.bE[p] = b.bE[p]!;
      this.bL[p] = b.bL[p]!;
      this.bTW[p] = b.bTW[p]!;
      this.cum[p] = b.cum[p]!;
      this.load[p] = b.load[p]!;
      this.locs[p] = b.locs[p]!;
    }
    if (this.inst.hasFlags)
      for (let p = 0; p <= len + 1; p++) {
        this.restrictedCount[p] = b.restrictedCount[p]!;
        this.lockedCount[p] = b.lockedCount[p]!;
        this.multiCount[p] = b.multiCount[p]!;
      }
    if (this.inst.exact)
      for (let p = 0; p <= len + 1; p++) {
        this.xF0[p] = b.xF0[p]!;
        this.xF1[p] = b.xF1[p]!;
        this.xL0[p] = b.xL0[p]!;
        this.xL1[p] = b.xL1[p]!;
      }
  }

  /** Exact forward states from position from − 1 on, backward ones for positions ≤ to. */
  private updateExact(from: number, to: number): void {
    const { inst, v, len, nodes, locs, xF0, xF1, xL0, xL1 } = this;
    const { dur, size } = inst;
    const st = scratch;
    if (from <= 1) {
      exactBegin(inst, v, st);
      xF0[0] = st.x0;
      xF1[0] = st.x1;
    }
    const f0 = Math.max(1, from);
    st.x0 = xF0[f0 - 1]!;
    st.x1 = xF1[f0 - 1]!;
    for (let p = f0; p <= len; p++) {
      exactStep(inst, v, nodes[p - 1]!, dur[locs[p - 1]! * size + locs[p]!]!, st);
      xF0[p] = st.x0;
      xF1[p] = st.x1;
    }
    const back = backScratch;
    exactEndLatest(inst, v, back);
    xL0[len + 1] = back.l0;
    xL1[len + 1] = back.l1;
    const b0 = Math.min(len, to);
    back.l0 = xL0[b0 + 1]!;
    back.l1 = xL1[b0 + 1]!;
    for (let p = b0; p >= 1; p--) {
      exactBack(inst, v, nodes[p - 1]!, dur[locs[p]! * size + locs[p + 1]!]!, back);
      xL0[p] = back.l0;
      xL1[p] = back.l1;
    }
  }

  /** Prefix counts of restricted, position-pinned and multi-window jobs (only when the instance has any). */
  private updateCounts(from: number): void {
    const { inst, len, nodes, restrictedCount, lockedCount, multiCount } = this;
    for (let p = from; p <= len + 1; p++) {
      const isEnd = p === len + 1;
      const j = isEnd ? -1 : nodes[p - 1]!;
      restrictedCount[p] = restrictedCount[p - 1]! + (isEnd ? 0 : inst.restricted[j]!);
      lockedCount[p] = lockedCount[p - 1]! + (isEnd ? 0 : inst.locked[j]!);
      multiCount[p] = multiCount[p - 1]! + (isEnd ? 0 : inst.multiWindow[j]!);
    }
  }
}

const scratch = exactState();
const backScratch = exactBackState();
