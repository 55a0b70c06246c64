/** Splits `total` by weights into whole numbers that add up to `total` (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const missing = total - out.reduce((s, x) => s + x, 0);
  for (let k = 0; k < missing; k++) {
    const i = order[k % order.length]?.i ?? 0;
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}
