import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSolomon, solomonToProblem } from '../../server/solver/index';
import type { Problem } from '../../server/solver/model/types';

/** Reads a Solomon benchmark instance from the shared bench folder (resolved from the repo root). */
export function solomonProblem(name: string): Problem {
  const file = resolve(process.cwd(), '../shared/bench/solomon', `${name}.txt`);
  return solomonToProblem(parseSolomon(readFileSync(file, 'utf8')));
}

/** A fake clock that advances 1 ms per read, so time-limited runs are reproducible in tests. */
export function tickingClock(step = 1): () => number {
  let t = 0;
  return () => {
    t += step;
    return t;
  };
}

/** A small problem on a line/grid with explicit coordinates; time = distance. */
export function gridProblem(
  points: [number, number][],
  jobs: { at: number; window?: [number, number]; service?: number; demand?: number }[],
  vehicles: number,
  opts: { capacity?: number; shift?: [number, number] } = {},
): Problem {
  const size = points.length;
  const durations = new Float64Array(size * size);
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) {
      const [ax, ay] = points[a]!;
      const [bx, by] = points[b]!;
      durations[a * size + b] = Math.hypot(ax - bx, ay - by);
    }
  const shift = opts.shift ?? [0, 10_000];
  return {
    matrix: { size, durations, distances: durations },
    vehicles: Array.from({ length: vehicles }, (_, k) => ({
      id: `v${k}`,
      startIndex: 0,
      endIndex: 0,
      shift: { start: shift[0], end: shift[1] },
      capacity: opts.capacity,
    })),
    jobs: jobs.map((j, k) => ({
      id: `j${k}`,
      locationIndex: j.at,
      service: j.service ?? 0,
      windows: [{ start: j.window?.[0] ?? 0, end: j.window?.[1] ?? 10_000 }],
      demand: j.demand ?? 0,
    })),
  };
}
