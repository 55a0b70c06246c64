import type { SolutionState } from './solution';

/**
 * Routes the annealing has held, for a set-partitioning recombination (docs/solver.md, session 39): one column per set
 * of visits, its cheapest order seen. Only for fleets of one vehicle class (any route fits any vehicle) without pinned
 * visits; a route's cost is its own (travel, balance), so a plan's cost is the sum of its columns'.
 */
export class RoutePool {
  declare readonly n: number;
  declare readonly words: number;
  declare readonly cap: number;
  /** Per column: its visits' bit set (`words` words each, column after column), its cost and its order of visits. */
  bits: Uint32Array;
  readonly costs: number[] = [];
  readonly seqs: Int32Array[] = [];
  /** Column indices by a hash of the bit set (collisions compared word by word). */
  private readonly byHash = new Map<number, number[]>();
  /** Per vehicle, the stamp of its route when last looked at: a route unchanged since is not hashed again. */
  private readonly lastStamp: Float64Array;
  private readonly scratch: Uint32Array;

  constructor(n: number, m: number, cap: number) {
    this.n = n;
    this.lastStamp = new Float64Array(m).fill(-1);
    this.words = (n + 31) >>> 5;
    this.cap = cap;
    this.bits = new Uint32Array(this.words * 64);
    this.scratch = new Uint32Array(this.words);
  }

  get size(): number {
    return this.costs.length;
  }

  /** Takes the plan's routes that changed since this was last asked (by stamp, per vehicle). */
  add(s: SolutionState): void {
    const routes = s.routes;
    for (let k = 0; k < routes.length; k++) {
      const r = routes[k]!;
      if (r.len === 0 || this.lastStamp[r.v] === r.stamp) continue;
      this.lastStamp[r.v] = r.stamp;
      this.addColumn(r.nodes, r.len, r.cost);
    }
  }

  /** A route serving nodes[0..len) in that order at `cost`: a new column, or a cheaper order of a known one. */
  addColumn(nodes: ArrayLike<number>, len: number, cost: number): void {
    const b = this.scratch;
    b.fill(0);
    for (let p = 0; p < len; p++) {
      const j = nodes[p]!;
      b[j >>> 5] = b[j >>> 5]! | (1 << (j & 31));
    }
    let h = 0x811c9dc5;
    for (let w = 0; w < this.words; w++) h = Math.imul(h ^ b[w]!, 0x01000193);
    const same = this.byHash.get(h);
    const c = same === undefined ? -1 : this.find(same, b);
    if (c >= 0) {
      if (cost < this.costs[c]! - 1e-9) {
        this.costs[c] = cost;
        this.seqs[c] = copyOf(nodes, len);
      }
      return;
    }
    if (this.costs.length >= this.cap) return;
    const id = this.costs.length;
    if ((id + 1) * this.words > this.bits.length) {
      const grown = new Uint32Array(this.bits.length * 2);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits.set(b, id * this.words);
    this.costs.push(cost);
    this.seqs.push(copyOf(nodes, len));
    if (same === undefined) this.byHash.set(h, [id]);
    else same.push(id);
  }

  private find(ids: number[], b: Uint32Array): number {
    for (const c of ids) {
      let eq = true;
      for (let w = 0; w < this.words; w++)
        if (this.bits[c * this.words + w] !== b[w]) {
          eq = false;
          break;
        }
      if (eq) return c;
    }
    return -1;
  }
}

function copyOf(nodes: ArrayLike<number>, len: number): Int32Array {
  const seq = new Int32Array(len);
  for (let p = 0; p < len; p++) seq[p] = nodes[p]!;
  return seq;
}

/** Subgradient steps for the job prices. */
const PRICE_STEPS = 200;

/**
 * The cheapest exact cover of the n visits by at most `fleet` pool columns, if one is cheaper than `incumbent`;
 * otherwise undefined. Lagrangian prices u (bound Σu + Σ_c min(0, cost_c − Σ_{j∈c} u_j), subgradient steps) order
 * the columns by reduced cost; a depth-first search takes the uncovered visit with the fewest columns first and prunes
 * by the incumbent against cost so far + the prices of the visits left + the negative reduced costs. At most
 * `maxNodes` nodes (deterministic); it stops early once `outOfTime` says so (asked every 16 price steps — then nothing
 * is returned — and every 1,024 nodes, keeping the best cover found).
 */
export function solveCover(
  pool: RoutePool,
  incumbent: number,
  fleet: number,
  maxNodes: number,
  outOfTime: () => boolean = () => false,
): number[] | undefined {
  const { n, words, bits, costs, seqs } = pool;
  const cols = pool.size;
  if (cols === 0) return undefined;
  const start = new Int32Array(cols + 1);
  for (let c = 0; c < cols; c++) start[c + 1] = start[c]! + seqs[c]!.length;
  const jobs = new Int32Array(start[cols]!);
  const count = new Int32Array(n);
  for (let c = 0; c < cols; c++) {
    const seq = seqs[c]!;
    for (let k = 0; k < seq.length; k++) {
      jobs[start[c]! + k] = seq[k]!;
      count[seq[k]!]!++;
    }
  }
  for (let j = 0; j < n; j++) if (count[j] === 0) return undefined;
  // Prices: start at each visit's cheapest share of a column's cost; step along the subgradient, halving the step
  // after 10 steps without a better bound.
  const u = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let c = 0; c < cols; c++) {
    const share = costs[c]! / seqs[c]!.length;
    for (let k = start[c]!; k < start[c + 1]!; k++) if (share < u[jobs[k]!]!) u[jobs[k]!] = share;
  }
  const g = new Float64Array(n);
  const bestU = u.slice();
  let bestLb = Number.NEGATIVE_INFINITY;
  let lambda = 2;
  let flat = 0;
  for (let t = 0; t < PRICE_STEPS; t++) {
    // The price steps ask the deadline too (each is a pass over every column): out of time, no search.
    if ((t & 15) === 15 && outOfTime()) return undefined;
    let lb = 0;
    for (let j = 0; j < n; j++) {
      lb += u[j]!;
      g[j] = 1;
    }
    for (let c = 0; c < cols; c++) {
      let r = costs[c]!;
      for (let k = start[c]!; k < start[c + 1]!; k++) r -= u[jobs[k]!]!;
      if (r < 0) {
        lb += r;
        for (let k = start[c]!; k < start[c + 1]!; k++) g[jobs[k]!]!--;
      }
    }
    if (lb > bestLb + 1e-9) {
      bestLb = lb;
      bestU.set(u);
      flat = 0;
    } else if (++flat >= 10) {
      lambda /= 2;
      flat = 0;
    }
    if (bestLb >= incumbent - 1e-6) return undefined;
    let norm = 0;
    for (let j = 0; j < n; j++) norm += g[j]! * g[j]!;
    if (norm === 0) break;
    const step = (lambda * (incumbent - lb)) / norm;
    for (let j = 0; j < n; j++) u[j] = u[j]! + step * g[j]!;
  }
  const rc = new Float64Array(cols);
  let neg = 0;
  for (let c = 0; c < cols; c++) {
    let r = costs[c]!;
    for (let k = start[c]!; k < start[c + 1]!; k++) r -= bestU[jobs[k]!]!;
    rc[c] = r;
    if (r < 0) neg += r;
  }
  const order = Array.from({ length: cols }, (_, c) => c).sort((a, b) => rc[a]! - rc[b]! || a - b);
  const byJob: number[][] = Array.from({ length: n }, () => []);
  for (const c of order) for (let k = start[c]!; k < start[c + 1]!; k++) byJob[jobs[k]!]!.push(c);
  const jobOrder = Array.from({ length: n }, (_, j) => j).sort((a, b) => count[a]! - count[b]! || a - b);
  const covered = new Uint32Array(words);
  let bestCost = incumbent - 1e-6;
  let best: number[] | undefined;
  const chosen: number[] = [];
  let nodes = 0;
  let priced = 0;
  for (let j = 0; j < n; j++) priced += bestU[j]!;
  let stopped = false;
  const dfs = (sofar: number, left: number, from: number): void => {
    if ((++nodes & 1023) === 0 && outOfTime()) stopped = true;
    let q = from;
    while (q < n && (covered[jobOrder[q]! >>> 5]! & (1 << (jobOrder[q]! & 31))) !== 0) q++;
    if (q === n) {
      if (sofar < bestCost) {
        bestCost = sofar;
        best = chosen.slice();
      }
      return;
    }
    if (chosen.length >= fleet) return;
    const list = byJob[jobOrder[q]!]!;
    for (let i = 0; i < list.length && nodes <= maxNodes && !stopped; i++) {
      const c = list[i]!;
      const o = c * words;
      let free = true;
      for (let w = 0; w < words; w++)
        if ((bits[o + w]! & covered[w]!) !== 0) {
          free = false;
          break;
        }
      if (!free) continue;
      let du = 0;
      for (let k = start[c]!; k < start[c + 1]!; k++) du += bestU[jobs[k]!]!;
      const next = sofar + costs[c]!;
      if (next + left - du + neg >= bestCost - 1e-9) continue;
      for (let w = 0; w < words; w++) covered[w] = covered[w]! | bits[o + w]!;
      chosen.push(c);
      dfs(next, left - du, q + 1);
      chosen.pop();
      for (let w = 0; w < words; w++) covered[w] = covered[w]! & ~bits[o + w]!;
    }
  };
  dfs(0, priced, 0);
  return best;
}
