import { performance } from 'node:perf_hooks';

/** The p-th percentile of ascending `sorted` milliseconds. */
export function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Runs `fn` `warmups` times untimed (JIT, plan cache, page cache), then `runs` times; "p50 … ms   p95 … ms". */
export async function timeRuns(runs: number, fn: () => Promise<unknown>, warmups = 3): Promise<string> {
  for (let i = 0; i < warmups; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms   p95 ${pct(ms, 95).toFixed(1).padStart(7)} ms`;
}
