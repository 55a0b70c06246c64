import type { Instance } from '../model/instance';

/** For each job, the other jobs ordered by closeness (travel both ways plus a time-window gap), capped at k. */
export function nearestJobs(inst: Instance, k: number, twAware = true): Int32Array[] {
  const { n, size, dur, jobLoc, twStart, twEnd, service } = inst;
  const out: Int32Array[] = [];
  const idx = new Int32Array(n);
  const key = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const lu = jobLoc[u]!;
    for (let w = 0; w < n; w++) {
      const lw = jobLoc[w]!;
      const t = dur[lu * size + lw]!;
      // Waiting or lateness if w follows u directly, scaled down: closeness matters most.
      const wait = Math.max(0, twStart[w]! - (twEnd[u]! + service[u]! + t));
      const late = Math.max(0, twStart[u]! + service[u]! + t - twEnd[w]!);
      key[w] = w === u ? Number.POSITIVE_INFINITY : twAware ? t + 0.2 * wait + late : t;
      idx[w] = w;
    }
    const sorted = Array.from(idx).sort((a, b) => key[a]! - key[b]! || a - b);
    out.push(Int32Array.from(sorted.slice(0, Math.min(k, n - 1))));
  }
  return out;
}
