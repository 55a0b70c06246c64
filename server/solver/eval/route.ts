import type { Instance } from '../model/instance';
import { concat, Seg } from './segment';

/**
 * One vehicle's route with prefix/suffix caches. Positions are over the full sequence:
 * 0 = start place, 1..len = jobs, len + 1 = end place.
 */
export class Route {
  len = 0;
  cost = 0;
  readonly nodes: Int32Array;
  readonly fD: Float64Array;
  readonly fE: Float64Array;
  readonly fL: Float64Array;
  readonly fTW: Float64Array;
  readonly bD: Float64Array;
  readonly bE: Float64Array;
  readonly bL: Float64Array;
  readonly bTW: Float64Array;
  /** Travel from the start place up to position p. */
  readonly cum: Float64Array;
  readonly load: Float64Array;
  readonly restrictedCount: Int32Array;
  readonly lockedCount: Int32Array;
  readonly multiCount: Int32Array;
  /** Matrix row at each full-sequence position. */
  readonly locs: Int32Array;

  constructor(
    readonly inst: Instance,
    readonly v: number,
  ) {
    const cap = inst.n + 2;
    this.nodes = new Int32Array(cap);
    this.fD = new Float64Array(cap);
    this.fE = new Float64Array(cap);
    this.fL = new Float64Array(cap);
    this.fTW = new Float64Array(cap);
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
    this.len = len;
    this.update();
  }

  /** Inserts a job at position pos and refreshes only the caches that change. */
  insert(pos: number, job: number): void {
    this.nodes.copyWithin(pos, pos - 1, this.len);
    this.nodes[pos - 1] = job;
    for (const arr of [this.bD, this.bE, this.bL, this.bTW]) arr.copyWithin(pos + 1, pos, this.len + 2);
    this.len++;
    this.update(pos, pos);
  }

  /** Removes the jobs at positions a..b (inclusive) and refreshes the caches. */
  removeRange(a: number, b: number): void {
    this.nodes.copyWithin(a - 1, b, this.len);
    for (const arr of [this.bD, this.bE, this.bL, this.bTW]) arr.copyWithin(a, b + 1, this.len + 2);
    this.len -= b - a + 1;
    this.update(a, a - 1);
  }

  /**
   * Recomputes caches after a change to `nodes`: forward caches from position `from` on and
   * backward caches for positions ≤ `to` (the rest must already be valid, shifted into place).
   */
  update(from = 1, to = this.len + 1): void {
    const { inst, v, len } = this;
    const seg = scratch;
    const dur = inst.dur;
    const size = inst.size;
    const s0 = inst.shiftStart[v] as number;
    const s1 = inst.shiftEnd[v] as number;
    this.fD[0] = 0;
    this.fE[0] = s0;
    this.fL[0] = s1;
    this.fTW[0] = 0;
    this.cum[0] = 0;
    this.load[0] = 0;
    this.restrictedCount[0] = 0;
    this.lockedCount[0] = 0;
    this.multiCount[0] = 0;
    this.locs[0] = inst.vStart[v] as number;
    const f0 = Math.max(1, Math.min(from, len + 1));
    let prevLoc = this.locs[f0 - 1] as number;
    for (let p = f0; p <= len + 1; p++) {
      const isEnd = p === len + 1;
      const j = isEnd ? -1 : (this.nodes[p - 1] as number);
      const loc = isEnd ? (inst.vEnd[v] as number) : (inst.jobLoc[j] as number);
      this.locs[p] = loc;
      const t = dur[prevLoc * size + loc] as number;
      const q = p - 1;
      if (isEnd) concat(this.fD[q]!, this.fE[q]!, this.fL[q]!, this.fTW[q]!, t, 0, s0, s1, 0, seg);
      else
        concat(
          this.fD[q]!,
          this.fE[q]!,
          this.fL[q]!,
          this.fTW[q]!,
          t,
          inst.service[j]!,
          inst.twStart[j]!,
          inst.twEnd[j]!,
          0,
          seg,
        );
      this.fD[p] = seg.d;
      this.fE[p] = seg.e;
      this.fL[p] = seg.l;
      this.fTW[p] = seg.tw;
      this.cum[p] = this.cum[q]! + t;
      this.load[p] = this.load[q]! + (isEnd ? 0 : inst.demand[j]!);
      if (inst.hasFlags) {
        this.restrictedCount[p] = this.restrictedCount[q]! + (isEnd ? 0 : inst.restricted[j]!);
        this.lockedCount[p] = this.lockedCount[q]! + (isEnd ? 0 : inst.locked[j]!);
        this.multiCount[p] = this.multiCount[q]! + (isEnd ? 0 : inst.multiWindow[j]!);
      }
      prevLoc = loc;
    }
    const e = len + 1;
    this.bD[e] = 0;
    this.bE[e] = s0;
    this.bL[e] = s1;
    this.bTW[e] = 0;
    const b0 = Math.min(len, to);
    let nextLoc = this.locs[b0 + 1] as number;
    for (let p = b0; p >= 0; p--) {
      const isStart = p === 0;
      const j = isStart ? -1 : (this.nodes[p - 1] as number);
      const loc = isStart ? (inst.vStart[v] as number) : (inst.jobLoc[j] as number);
      const t = dur[loc * size + nextLoc] as number;
      const q = p + 1;
      if (isStart) concat(0, s0, s1, 0, t, this.bD[q]!, this.bE[q]!, this.bL[q]!, this.bTW[q]!, seg);
      else
        concat(
          inst.service[j]!,
          inst.twStart[j]!,
          inst.twEnd[j]!,
          0,
          t,
          this.bD[q]!,
          this.bE[q]!,
          this.bL[q]!,
          this.bTW[q]!,
          seg,
        );
      this.bD[p] = seg.d;
      this.bE[p] = seg.e;
      this.bL[p] = seg.l;
      this.bTW[p] = seg.tw;
      nextLoc = loc;
    }
  }
}

const scratch = new Seg();
