import type { Instance } from '../model/instance';

/** For each job, the other jobs ordered by closeness (travel both ways plus a time-window gap), capped at k. */
export function nearestJobs(inst: Instance, k: number, twAware = true): Int32Array[] {
  const { n, size, dur, jobLoc, twStart, twEnd, service } = inst;
  const kk = Math.min(k, n - 1);
  const out: Int32Array[] = [];
  // Bounded insertion into a sorted top-k list: O(n·k) worst case, far less in practice.
  const topIdx = new Int32Array(kk + 1);
  const topKey = new Float64Array(kk + 1);
  for (let u = 0; u < n; u++) {
    const lu = jobLoc[u]!;
    let count = 0;
    for (let w = 0; w < n; w++) {
      if (w === u) continue;
      const t = dur[lu * size + jobLoc[w]!]!;
      let key = t;
      if (twAware) {
        // Waiting or lateness if w follows u directly, scaled down: closeness matters most.
        const wait = Math.max(0, twStart[w]! - (twEnd[u]! + service[u]! + t));
        const late = Math.max(0, twStart[u]! + service[u]! + t - twEnd[w]!);
        key = t + 0.2 * wait + late;
      }
      if (count === kk && key >= topKey[kk - 1]!) continue;
      let p = count < kk ? count++ : kk - 1;
      while (p > 0 && topKey[p - 1]! > key) {
        topKey[p] = topKey[p - 1]!;
        topIdx[p] = topIdx[p - 1]!;
        p--;
      }
      topKey[p] = key;
      topIdx[p] = w;
    }
    out.push(topIdx.slice(0, count));
  }
  return out;
}
