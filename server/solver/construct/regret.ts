import type { RouteBuilder } from '../eval/builder';
import { bestInsertion, type InsertionChoice, newChoice } from '../search/insertion';
import type { SolutionState } from '../search/solution';

const INF = Number.POSITIVE_INFINITY;

/** Places position-pinned jobs first, in pin order, on their crews; ones that do not fit stay unassigned. */
function placePinned(s: SolutionState, b: RouteBuilder): void {
  const inst = s.inst;
  const pinned: number[] = [];
  for (let j = 0; j < inst.n; j++) if (inst.locked[j] && inst.pinVehicle[j]! >= 0) pinned.push(j);
  pinned.sort((x, y) => inst.pinPosition[x]! - inst.pinPosition[y]! || x - y);
  for (const j of pinned) {
    const r = s.routes[inst.pinVehicle[j]!]!;
    const p = r.len + 1;
    const c = b.begin(r.v).prefix(r, r.len).job(j).end();
    if (c < INF) s.place(r, p, j);
  }
}

/**
 * Regret-2 insertion: repeatedly inserts the job whose best and second-best route differ most
 * (weighted by priority), so jobs with few good options are placed before they lose them.
 * Per-route best insertions are cached and only the changed route is re-evaluated.
 */
export function regretConstruct(s: SolutionState, b: RouteBuilder, outOfTime: () => boolean = () => false): void {
  const inst = s.inst;
  const { n, m } = inst;
  placePinned(s, b);
  const cost = new Float64Array(n * m).fill(INF);
  const pos = new Int32Array(n * m);
  const choice: InsertionChoice = newChoice();
  const one = new Int32Array(1);
  const evalRoute = (j: number, v: number) => {
    one[0] = v;
    bestInsertion(s, b, j, choice, undefined, 0, one);
    cost[j * m + v] = choice.route >= 0 ? choice.delta : INF;
    pos[j * m + v] = choice.pos;
  };
  let open = s.unassigned.filter((j) => s.routeOf[j]! < 0);
  for (const j of open) for (let v = 0; v < m; v++) evalRoute(j, v);
  // Best and second-best route per job, kept up to date incrementally.
  const c1 = new Float64Array(n);
  const c2 = new Float64Array(n);
  const v1 = new Int32Array(n);
  const v2 = new Int32Array(n);
  // Stamps instead of clearing a flag array on every rescan.
  const seenEmpty = new Int32Array(m);
  let stamp = 0;
  const rescan = (j: number) => {
    stamp++;
    let a = INF;
    let b2 = INF;
    let va = -1;
    let vb = -1;
    for (let v = 0; v < m; v++) {
      const c = cost[j * m + v]!;
      if (c === INF) continue;
      if (s.routes[v]!.len === 0) {
        const cls = inst.vClass[v]!;
        if (seenEmpty[cls] === stamp) continue;
        seenEmpty[cls] = stamp;
      }
      if (c < a) {
        b2 = a;
        vb = va;
        a = c;
        va = v;
      } else if (c < b2) {
        b2 = c;
        vb = v;
      }
    }
    c1[j] = a;
    c2[j] = b2;
    v1[j] = va;
    v2[j] = vb;
  };
  for (const j of open) rescan(j);
  while (open.length > 0) {
    if (outOfTime()) {
      greedyFinish(s, b, open);
      return;
    }
    let bestJob = -1;
    let bestScore = -INF;
    for (const j of open) {
      if (v1[j]! < 0) continue;
      // Jobs with a single option get the largest regret; ties go to the cheaper insertion.
      const regret = (c2[j] === INF ? 1e15 : c2[j]! - c1[j]!) * inst.weight[j]! - c1[j]! * 1e-6;
      if (regret > bestScore) {
        bestScore = regret;
        bestJob = j;
      }
    }
    if (bestJob < 0) break;
    const bestV = v1[bestJob]!;
    s.place(s.routes[bestV]!, pos[bestJob * m + bestV]!, bestJob);
    open = open.filter((j) => j !== bestJob);
    for (const j of open) {
      evalRoute(j, bestV);
      const c = cost[j * m + bestV]!;
      if (v1[j] === bestV || v2[j] === bestV || c < c2[j]!) rescan(j);
    }
  }
  for (const j of open) s.drop(j);
}

/** When time is short: cheapest insertion of the rest, one job after another. */
function greedyFinish(s: SolutionState, b: RouteBuilder, open: number[]): void {
  const choice: InsertionChoice = newChoice();
  for (const j of open) {
    bestInsertion(s, b, j, choice);
    if (choice.route >= 0) s.place(s.routes[choice.route]!, choice.pos, j);
    else s.drop(j);
  }
}
