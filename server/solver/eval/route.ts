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
 * The per-position caches of a route live in one Float64Array, one record of `REC` doubles per full-sequence position
 * p at offset p · REC (a struct of positions), so a copy is one `set` and a refresh or a scan walks one buffer. The
 * offsets are written as literals where they are read (a module constant would be a context load and a checked add in
 * the compiled loops):
 *
 *   +0 fD, +1 fE, +2 fL, +3 fTW  forward segment of positions 0..p (duration, earliest/latest start, time warp)
 *   +5 load                      load of positions 0..p
 *   +4 fDep                      earliest departure from p (fE + fD − fTW), what the insertion scan reads at every position
 *   +6, +7                       unused (the stride stays 16 so that `o | k` is o + k)
 *   +8 bD, +9 bE, +10 bL, +11 bTW  backward segment of positions p..len + 1
 *   +12 xF0, +13 xF1             exact earliest departures from p, break to take / taken (only when the instance needs them)
 *   +14 xL0, +15 xL1             exact latest arrivals at p (idem)
 *
 * The matrix row at each position and the travel up to p are arrays of their own, indexed by p (the scan's innermost
 * path reads the row with no offset arithmetic). The earliest departure is a field: one typed array fewer for the
 * refresh and for the scan's pruned path to check again after each back edge.
 */
export const REC = 16;

/** Per instance, each job's window start, window end, service and demand side by side (see jobFieldsOf). */
const jobFieldsByInstance = new WeakMap<Instance, Float64Array>();

/**
 * Job j's window start, window end, service and demand at `(j << 2) | k` for k = 0..3, built once per instance: the
 * refresh loops read the four from one typed array, which the compiled loop checks once per position instead of four.
 */
function jobFieldsOf(inst: Instance): Float64Array {
  let f = jobFieldsByInstance.get(inst);
  if (f === undefined) {
    f = new Float64Array(inst.n * 4);
    for (let j = 0; j < inst.n; j++) {
      f[j * 4] = inst.twStart[j]!;
      f[j * 4 + 1] = inst.twEnd[j]!;
      f[j * 4 + 2] = inst.service[j]!;
      f[j * 4 + 3] = inst.demand[j]!;
    }
    jobFieldsByInstance.set(inst, f);
  }
  return f;
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
  /** Load at the end of the route (load at len + 1), kept as a field for the insertion scan's capacity check. */
  endLoad = 0;
  declare readonly nodes: Int32Array;
  /** The position records (see REC). */
  declare readonly rec: Float64Array;
  /** Matrix row at each full-sequence position. */
  declare readonly locs: Int32Array;
  /** Travel from the start place up to position p. */
  declare readonly cum: Float64Array;
  declare readonly restrictedCount: Int32Array;
  declare readonly lockedCount: Int32Array;
  declare readonly multiCount: Int32Array;
  /**
   * Views of the arrays over what a route of length len uses (len jobs, len + 2 positions), by len, made on first use
   * and kept: a copy is one `set` of each (see copyFrom).
   */
  declare private readonly views: ViewsByLength[];

  declare readonly inst: Instance;
  /** The instance's job fields side by side (jobFieldsOf). */
  declare private readonly jobFields: Float64Array;
  declare readonly v: number;
  /** The vehicle's capacity plus the rounding slack the capacity checks allow. */
  declare readonly capLimit: number;

  constructor(inst: Instance, v: number) {
    this.inst = inst;
    this.jobFields = jobFieldsOf(inst);
    this.v = v;
    this.capLimit = inst.capacity[v]! + 1e-9;
    const cap = inst.n + 2;
    this.nodes = new Int32Array(cap);
    this.rec = new Float64Array(cap * REC);
    this.locs = new Int32Array(cap);
    this.cum = new Float64Array(cap);
    this.restrictedCount = new Int32Array(cap);
    this.lockedCount = new Int32Array(cap);
    this.multiCount = new Int32Array(cap);
    this.views = [];
  }

  /** Location (matrix row) at full-sequence position p. */
  loc(p: number): number {
    return this.locs[p] as number;
  }

  /** Job at full-sequence position p (1..len). */
  job(p: number): number {
    return this.nodes[p - 1] as number;
  }

  /** Forward segment of positions 0..p: duration, earliest and latest start, time warp. */
  fD(p: number): number {
    return this.rec[p * 16] as number;
  }
  fE(p: number): number {
    return this.rec[p * 16 + 1] as number;
  }
  fL(p: number): number {
    return this.rec[p * 16 + 2] as number;
  }
  fTW(p: number): number {
    return this.rec[p * 16 + 3] as number;
  }
  /** Load of positions 0..p. */
  load(p: number): number {
    return this.rec[p * 16 + 5] as number;
  }
  /** Backward segment of positions p..len + 1. */
  bD(p: number): number {
    return this.rec[p * 16 + 8] as number;
  }
  bE(p: number): number {
    return this.rec[p * 16 + 9] as number;
  }
  bL(p: number): number {
    return this.rec[p * 16 + 10] as number;
  }
  bTW(p: number): number {
    return this.rec[p * 16 + 11] as number;
  }
  /** Exact earliest departures from p (break to take / taken) and latest arrivals at p; only when the instance is exact. */
  xF0(p: number): number {
    return this.rec[p * 16 + 12] as number;
  }
  xF1(p: number): number {
    return this.rec[p * 16 + 13] as number;
  }
  xL0(p: number): number {
    return this.rec[p * 16 + 14] as number;
  }
  xL1(p: number): number {
    return this.rec[p * 16 + 15] as number;
  }

  /** Replaces the job list and rebuilds all caches. */
  setJobs(jobs: ArrayLike<number>, len = jobs.length): void {
    for (let i = 0; i < len; i++) this.nodes[i] = jobs[i] as number;
    if ((this.len === 0) !== (len === 0)) emptyEpoch++;
    this.len = len;
    this.update();
  }

  /**
   * Inserts a job at position pos and refreshes only the caches that change. `posOf` (the state's job → position
   * index) gets the new positions of the job and of those it moves, in the loop that moves them.
   */
  insert(pos: number, job: number, posOf: Int32Array): void {
    // Element loops, not copyWithin: routes are short and each copyWithin is a call into the runtime.
    const { nodes, rec } = this;
    for (let i = this.len; i >= pos; i--) {
      const moved = nodes[i - 1]!;
      nodes[i] = moved;
      posOf[moved] = i + 1;
    }
    nodes[pos - 1] = job;
    posOf[job] = pos;
    // The backward fields (+8..+11, and +14, +15 when exact) of positions pos..len + 1 move one record up, top
    // down, two records a pass (the loop's back edge makes the compiled code re-check `rec` and reload its data
    // pointer: a pass pays that once for two records). Offsets are multiples of 16, so `o | k` is o + k for a field
    // k < 16 (an or, where a sum is checked for overflow).
    const low = pos * 16;
    for (let o = (this.len + 1) * 16; o >= low; o -= 32) {
      rec[o + 24] = rec[o | 8]!;
      rec[o + 25] = rec[o | 9]!;
      rec[o + 26] = rec[o | 10]!;
      rec[o + 27] = rec[o | 11]!;
      if (o === low) break;
      rec[o | 8] = rec[o - 8]!;
      rec[o | 9] = rec[o - 7]!;
      rec[o | 10] = rec[o - 6]!;
      rec[o | 11] = rec[o - 5]!;
    }
    if (this.inst.exact)
      for (let o = (this.len + 1) * 16; o >= low; o -= 16) {
        const up = o + 16;
        rec[up | 14] = rec[o | 14]!;
        rec[up | 15] = rec[o | 15]!;
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
   * at one refresh instead of one per run. `posOf` (the state's job → position index) gets the new positions of the
   * jobs that move, in the loops that move them.
   */
  removeUnkept(keep: Uint8Array, a: number, z: number, posOf: Int32Array): void {
    const nodes = this.nodes;
    let w = a - 1;
    for (let p = a + 1; p < z; p++)
      if (keep[p]) {
        const moved = nodes[p - 1]!;
        nodes[w++] = moved;
        posOf[moved] = w;
      }
    const k = z - a + 1 - (w - (a - 1));
    for (let i = z; i < this.len; i++) {
      const moved = nodes[i]!;
      nodes[w++] = moved;
      posOf[moved] = w;
    }
    this.closeUp(a, z, k);
  }

  /**
   * After k of the jobs at positions a..z left `nodes`: moves the backward caches of positions z + 1 .. len + 1
   * k places down and refreshes the rest.
   */
  private closeUp(a: number, z: number, k: number): void {
    const rec = this.rec;
    const shift = k * 16;
    const stop = (this.len + 1) * 16;
    // Bottom up, two records a pass (as in insert).
    for (let o = (z + 1) * 16; o <= stop; o += 32) {
      const down = o - shift;
      rec[down | 8] = rec[o | 8]!;
      rec[down | 9] = rec[o | 9]!;
      rec[down | 10] = rec[o | 10]!;
      rec[down | 11] = rec[o | 11]!;
      if (o === stop) break;
      rec[down + 24] = rec[o + 24]!;
      rec[down + 25] = rec[o + 25]!;
      rec[down + 26] = rec[o + 26]!;
      rec[down + 27] = rec[o + 27]!;
    }
    if (this.inst.exact)
      for (let o = (z + 1) * 16; o <= stop; o += 16) {
        const down = o - shift;
        rec[down | 14] = rec[o | 14]!;
        rec[down | 15] = rec[o | 15]!;
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
    const { rec, locs, cum, nodes } = this;
    const jobLoc = inst.jobLoc;
    const jf = this.jobFields;
    rec[0] = 0;
    rec[1] = s0;
    rec[2] = s1;
    rec[3] = 0;
    rec[4] = s0;
    rec[5] = 0;
    cum[0] = 0;
    locs[0] = inst.vStart[v]!;
    const endLoc = inst.vEnd[v]!;
    locs[len + 1] = endLoc;
    const f0 = Math.max(1, Math.min(from, len + 1));
    // Running segment kept in locals: the concatenation of Seg is inlined here because this loop is hot. The
    // jobs and the end place are separate loops so the job loop has no end-of-route branches.
    let o = (f0 - 1) * 16;
    let d = rec[o]!;
    let e = rec[o | 1]!;
    let l = rec[o | 2]!;
    let tw = rec[o | 3]!;
    let q = f0 === 1 ? 0 : rec[o | 5]!;
    let c = f0 === 1 ? 0 : cum[f0 - 1]!;
    let prevLoc = locs[f0 - 1]!;
    for (let p = f0; p <= len; p = (p + 1) | 0) {
      o = (o + 16) | 0;
      const j = nodes[(p - 1) | 0]!;
      const loc = jobLoc[j]!;
      locs[p] = loc;
      const t = dur[(Math.imul(prevLoc, size) + loc) | 0]!;
      const f = j << 2;
      const se = jf[f]!;
      const sl = jf[f | 1]!;
      const delta = d - tw + t;
      const dWT = nonNeg(se - delta - l);
      const dTW = nonNeg(e + delta - sl);
      d = d + jf[f | 2]! + t + dWT;
      tw = tw + dTW;
      e = max2(se - delta, e) - dWT;
      l = min2(sl - delta, l) + dTW;
      rec[o] = d;
      rec[o | 1] = e;
      rec[o | 2] = l;
      rec[o | 3] = tw;
      rec[o | 4] = e + d - tw;
      c += t;
      cum[p] = c;
      q += jf[f | 3]!;
      rec[o | 5] = q;
      prevLoc = loc;
    }
    {
      // The end place: no service, the shift as its window.
      o += 16;
      const t = dur[prevLoc * size + endLoc]!;
      const delta = d - tw + t;
      const dWT = nonNeg(s0 - delta - l);
      const dTW = nonNeg(e + delta - s1);
      const dEnd = d + 0 + t + dWT;
      const twE = tw + dTW;
      const eEnd = max2(s0 - delta, e) - dWT;
      rec[o] = dEnd;
      rec[o | 1] = eEnd;
      rec[o | 2] = min2(s1 - delta, l) + dTW;
      rec[o | 3] = twE;
      rec[o | 4] = eEnd + dEnd - twE;
      rec[o | 5] = q;
      cum[len + 1] = c + t;
      this.endLoad = q;
    }
    if (inst.hasFlags) this.updateCounts(f0);
    if (inst.exact) this.updateExact(f0, to);
    o = (len + 1) * 16;
    rec[o | 8] = 0;
    rec[o | 9] = s0;
    rec[o | 10] = s1;
    rec[o | 11] = 0;
    const b0 = Math.min(len, to);
    o = (b0 + 1) * 16;
    d = rec[o | 8]!;
    e = rec[o | 9]!;
    l = rec[o | 10]!;
    tw = rec[o | 11]!;
    let nextLoc = locs[b0 + 1]!;
    for (let p = b0; p >= 1; p = (p - 1) | 0) {
      o = (o - 16) | 0;
      const j = nodes[(p - 1) | 0]!;
      const loc = locs[p]!;
      const t = dur[(Math.imul(loc, size) + nextLoc) | 0]!;
      const f = j << 2;
      const ad = jf[f | 2]!;
      const ae = jf[f]!;
      const al = jf[f | 1]!;
      // (node) ⊕ (running suffix)
      const delta = ad + t;
      const dWT = nonNeg(e - delta - al);
      const dTW = nonNeg(ae + delta - l);
      d = ad + d + t + dWT;
      tw = tw + dTW;
      e = max2(e - delta, ae) - dWT;
      l = min2(l - delta, al) + dTW;
      rec[o | 8] = d;
      rec[o | 9] = e;
      rec[o | 10] = l;
      rec[o | 11] = tw;
      nextLoc = loc;
    }
    if (b0 >= 0) {
      // The start place: no service, the shift as its window.
      const t = dur[locs[0]! * size + nextLoc]!;
      const delta = 0 + t;
      const dWT = nonNeg(e - delta - s1);
      const dTW = nonNeg(s0 + delta - l);
      rec[8] = 0 + d + t + dWT;
      rec[11] = tw + dTW;
      rec[9] = max2(e - delta, s0) - dWT;
      rec[10] = min2(l - delta, s1) + dTW;
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
    // One `set` per array, of views made once per length (see views): an element loop over many arrays rechecked
    // each array at every position.
    const from = b.viewsOf(len);
    this.nodes.set(from.nodes);
    this.rec.set(from.rec);
    this.locs.set(from.locs);
    this.cum.set(from.cum);
    if (this.inst.hasFlags)
      for (let p = 0; p <= len + 1; p++) {
        this.restrictedCount[p] = b.restrictedCount[p]!;
        this.lockedCount[p] = b.lockedCount[p]!;
        this.multiCount[p] = b.multiCount[p]!;
      }
  }

  /** This route's arrays over what a route of length len uses, as views (kept per length: no allocation after). */
  private viewsOf(len: number): ViewsByLength {
    let v = this.views[len];
    if (v === undefined) {
      v = {
        nodes: this.nodes.subarray(0, len),
        rec: this.rec.subarray(0, (len + 2) * REC),
        locs: this.locs.subarray(0, len + 2),
        cum: this.cum.subarray(0, len + 2),
      };
      this.views[len] = v;
    }
    return v;
  }

  /** Exact forward states from position from − 1 on, backward ones for positions ≤ to. */
  private updateExact(from: number, to: number): void {
    const { inst, v, len, nodes, rec, locs } = this;
    const { dur, size } = inst;
    const st = scratch;
    if (from <= 1) {
      exactBegin(inst, v, st);
      rec[12] = st.x0;
      rec[13] = st.x1;
    }
    const f0 = Math.max(1, from);
    st.x0 = rec[(f0 - 1) * 16 + 12]!;
    st.x1 = rec[(f0 - 1) * 16 + 13]!;
    for (let p = f0; p <= len; p++) {
      const o = p * 16;
      exactStep(inst, v, nodes[p - 1]!, dur[locs[p - 1]! * size + locs[p]!]!, st);
      rec[o | 12] = st.x0;
      rec[o | 13] = st.x1;
    }
    const back = backScratch;
    exactEndLatest(inst, v, back);
    rec[(len + 1) * 16 + 14] = back.l0;
    rec[(len + 1) * 16 + 15] = back.l1;
    const b0 = Math.min(len, to);
    back.l0 = rec[(b0 + 1) * 16 + 14]!;
    back.l1 = rec[(b0 + 1) * 16 + 15]!;
    for (let p = b0; p >= 1; p--) {
      const o = p * 16;
      exactBack(inst, v, nodes[p - 1]!, dur[locs[p]! * size + locs[p + 1]!]!, back);
      rec[o | 14] = back.l0;
      rec[o | 15] = back.l1;
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

/** A route's arrays over the part a route of one length uses (see Route.viewsOf). */
interface ViewsByLength {
  nodes: Int32Array;
  rec: Float64Array;
  locs: Int32Array;
  cum: Float64Array;
}

const scratch = exactState();
const backScratch = exactBackState();
