/**
 * The arithmetic of `npm run bench:api`, kept free of I/O so that a unit test can check it: how a total request
 * rate is shared among the procedures of the mix, how latencies become percentiles, and the correction for
 * requests a slow server kept the load generator from sending (coordinated omission).
 */
import { pct } from '../timing';

/** What one kind of request stands for in the mix: a tRPC procedure (or a named variant of one) and its share. */
export interface MixEntry {
  name: string;
  weight: number;
  /** The p95 the issue asks for at 200 requests/s (ms); none: no target, measured only. */
  targetP95Ms?: number;
}

/**
 * The mixed load: what a lender's day looks like from the server — crews reading their route most, dispatchers
 * their board, the worklist search, the managers' reports, and a tenth of writes (pins, notices, "on my way").
 */
export const MIX: MixEntry[] = [
  { name: 'field.today', weight: 25, targetP95Ms: 50 },
  { name: 'dispatch.day', weight: 20, targetP95Ms: 50 },
  { name: 'searchCases', weight: 20, targetP95Ms: 50 },
  { name: 'reports.dashboard', weight: 10, targetP95Ms: 150 },
  { name: 'reports.visits', weight: 10, targetP95Ms: 150 },
  { name: 'dispatch.setPinned', weight: 5 },
  { name: 'appointments.logNotice', weight: 5 },
  { name: 'field.enRoute', weight: 5 },
];

/**
 * Whole requests/s per entry summing to `total` (largest remainder), each at least 1 so that every procedure is
 * measured even at a low total: autocannon paces whole requests per second.
 */
export function splitRate(total: number, entries: readonly MixEntry[]): Map<string, number> {
  if (!Number.isInteger(total) || total < entries.length) {
    throw new Error(`a rate must be a whole number of at least ${entries.length} requests/s (one per procedure)`);
  }
  const weights = entries.reduce((s, e) => s + e.weight, 0);
  const spare = total - entries.length;
  const exact = entries.map((e) => (spare * e.weight) / weights);
  const shares = exact.map((x) => 1 + Math.floor(x));
  let left = total - shares.reduce((s, x) => s + x, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    shares[i] = (shares[i] as number) + 1;
    left--;
  }
  return new Map(entries.map((e, i) => [e.name, shares[i] as number]));
}

/**
 * Connections for a share of `rate` requests/s: one per request each second. Each connection waits for its
 * answer before the next request, so the rate holds while answers take up to a second; past that the server is
 * saturated and the achieved rate falls short (and the omission correction below accounts for the gap).
 */
export function connectionsFor(rate: number): number {
  return Math.max(1, Math.ceil(rate));
}

/**
 * The latencies a steady stream would have seen. A connection paced at one request per `intervalMs` that waited
 * `ms` for an answer sent none in between; the requests it would have sent then would have waited
 * ms − interval, ms − 2·interval, … (HdrHistogram's recordValueWithExpectedInterval). Without this a server
 * that stalls looks fast, since the stall holds back the very requests that would have measured it.
 */
export function correctOmission(samples: readonly number[], intervalMs: number): number[] {
  const out: number[] = [];
  for (const ms of samples) {
    out.push(ms);
    if (!(intervalMs > 0)) continue;
    for (let missed = ms - intervalMs; missed > 0; missed -= intervalMs) out.push(missed);
  }
  return out;
}

export interface ProcedureSummary {
  name: string;
  /** Requests/s asked of the load generator. */
  targetRate: number;
  /** Answers/s actually received (all statuses): below the target when the server saturated. */
  achievedRate: number;
  count: number;
  errors: number;
  /** Requests still waiting for an answer when the run ended (the server fell that far behind). */
  unanswered: number;
  p50: number;
  p95: number;
  p99: number;
  targetP95Ms?: number;
}

/**
 * One procedure's numbers from its measured latencies (ms), the error count and the run's length. A request still
 * unanswered at the end that had waited longer than its connection's pacing interval fell behind: it counts with
 * the time it had waited by then (a lower bound, but leaving it out would drop exactly the slowest). One sent
 * within the last interval is the run being cut off, not the server falling behind, and is left out.
 */
export function summarise(
  entry: MixEntry,
  run: {
    targetRate: number;
    connections: number;
    durationS: number;
    latencies: readonly number[];
    errors: number;
    unanswered?: readonly number[];
  },
): ProcedureSummary {
  const interval = (1000 * run.connections) / run.targetRate;
  const waited = (run.unanswered ?? []).filter((ms) => ms > interval);
  const sorted = correctOmission([...run.latencies, ...waited], interval).sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? pct(sorted, p) : Number.NaN);
  return {
    name: entry.name,
    targetRate: run.targetRate,
    achievedRate: run.latencies.length / run.durationS,
    count: run.latencies.length,
    errors: run.errors,
    unanswered: waited.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    targetP95Ms: entry.targetP95Ms,
  };
}

/** Whether a row meets the target (p95 within it, every request answered, none an error); null: none. */
export function meetsTarget(row: ProcedureSummary): boolean | null {
  if (row.targetP95Ms === undefined) return null;
  return row.errors === 0 && row.unanswered === 0 && row.p95 <= row.targetP95Ms;
}

/** The mix, or only the named procedures of it (`--only`: one procedure's own cost, without the others'). */
export function selectMix(only: string | undefined, mix: readonly MixEntry[] = MIX): MixEntry[] {
  if (!only) return [...mix];
  const names = only.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !mix.some((e) => e.name === n));
  if (unknown.length)
    throw new Error(`--only: no ${unknown.join(', ')} in the mix (${mix.map((e) => e.name).join(', ')})`);
  return mix.filter((e) => names.includes(e.name));
}
