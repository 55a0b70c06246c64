import type { Matrix } from './types';

/** Straight-line matrix from planar points; `scale` turns length into distance, `speed` distance into seconds. */
export function euclideanMatrix(xs: ArrayLike<number>, ys: ArrayLike<number>, scale = 1, speed = 1): Matrix {
  const size = xs.length;
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) {
      const d = Math.hypot((xs[a] as number) - (xs[b] as number), (ys[a] as number) - (ys[b] as number)) * scale;
      distances[a * size + b] = d;
      durations[a * size + b] = d / speed;
    }
  return { size, distances, durations };
}
