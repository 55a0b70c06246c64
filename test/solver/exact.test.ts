import { describe, expect, it } from 'vitest';
import { RouteBuilder } from '../../server/solver/eval/builder';
import { exactEnd } from '../../server/solver/eval/exact';
import { REC, Route } from '../../server/solver/eval/route';
import { compileInstance } from '../../server/solver/model/instance';
import type { Problem } from '../../server/solver/model/types';
import { bestInsertion, type InsertionChoice, insertionDelta } from '../../server/solver/search/insertion';
import { Rng } from '../../server/solver/search/rng';
import { SolutionState } from '../../server/solver/search/solution';

const INF = Number.POSITIVE_INFINITY;

/** A small random day: jobs with one or two windows, two crews with the same lunch break (or none). */
function randomProblem(rng: Rng): Problem {
  const size = 9;
  const xs = Array.from({ length: size }, () => rng.int(40));
  const ys = Array.from({ length: size }, () => rng.int(40));
  const durations = new Float64Array(size * size);
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) durations[a * size + b] = 60 * Math.hypot(xs[a]! - xs[b]!, ys[a]! - ys[b]!);
  const jobs = Array.from({ length: size - 1 }, (_, k) => {
    const start = 8 * 3600 + rng.int(8) * 3600;
    const windows = [{ start, end: start + 3600 * (1 + rng.int(2)) }];
    if (rng.next() < 0.4) windows.push({ start: start + 4 * 3600, end: start + 5 * 3600 });
    return { id: `j${k}`, locationIndex: k + 1, service: 600 + 300 * rng.int(6), windows };
  });
  // Most days have a lunch break; some have none, so only the visits' several windows need the exact states.
  const br =
    rng.next() < 0.75
      ? { window: { start: 12 * 3600, end: 13 * 3600 + 1800 * rng.int(2) }, duration: 1800 }
      : undefined;
  const crew = (id: string) => ({
    id,
    startIndex: 0,
    endIndex: 0,
    shift: { start: 8 * 3600, end: 18 * 3600 },
    break: br,
  });
  return { matrix: { size, durations, distances: durations }, jobs, vehicles: [crew('a'), crew('b')] };
}

function feasible(inst: ReturnType<typeof compileInstance>, v: number, seq: number[]): boolean {
  return exactEnd(inst, v, Int32Array.from(seq), seq.length) < INF;
}

describe('exact break and multi-window checks from route caches', () => {
  it('agree with the exact pass over the whole sequence for insertions, removals and 2-opt* joins', () => {
    const rng = new Rng(7);
    let checked = 0;
    let feasibleSeen = 0;
    for (let trial = 0; trial < 600; trial++) {
      const problem = randomProblem(rng);
      const inst = compileInstance(problem, 0);
      const b = new RouteBuilder(inst);
      const order = rng.shuffle(Array.from({ length: inst.n }, (_, j) => j));
      const len = 1 + rng.int(5);
      const seq = order.slice(0, len);
      const other = order.slice(len, len + 1 + rng.int(3));
      const r = new Route(inst, 0);
      r.setJobs(seq);
      const r2 = new Route(inst, 1);
      r2.setJobs(other);
      const extra = order[inst.n - 1]!;
      const cases: [number, number[]][] = [];
      for (let p = 1; p <= len + 1; p++) {
        const c = b
          .begin(0)
          .prefix(r, p - 1)
          .job(extra)
          .suffix(r, p);
        cases.push([c, [...seq.slice(0, p - 1), extra, ...seq.slice(p - 1)]]);
      }
      for (let x = 1; x <= len; x++) {
        const c = b
          .begin(0)
          .prefix(r, x - 1)
          .suffix(r, x + 1);
        cases.push([c, [...seq.slice(0, x - 1), ...seq.slice(x)]]);
      }
      for (let p = 0; p <= len; p++)
        for (let q = 1; q <= other.length + 1; q++) {
          const c = b.begin(0).prefix(r, p).suffix(r2, q);
          cases.push([c, [...seq.slice(0, p), ...other.slice(q - 1)]]);
        }
      for (const [cost, jobs] of cases) {
        const want = jobs.length === 0 || feasible(inst, 0, jobs);
        expect(cost < INF, `${jobs.join(',')} trial ${trial}`).toBe(want);
        checked++;
        if (want) feasibleSeen++;
      }
    }
    // Both outcomes must be well represented for the comparison to mean anything.
    expect(feasibleSeen).toBeGreaterThan(checked * 0.2);
    expect(feasibleSeen).toBeLessThan(checked * 0.8);
  });
});

describe('best insertion', () => {
  it('finds the cheapest feasible position the general evaluator finds, with breaks, windows and balance', () => {
    const rng = new Rng(11);
    const choice: InsertionChoice = { route: -1, pos: 0, delta: 0 };
    let found = 0;
    for (let trial = 0; trial < 300; trial++) {
      const inst = compileInstance(randomProblem(rng), trial % 2 ? 0.02 : 0);
      const b = new RouteBuilder(inst);
      const s = new SolutionState(inst);
      const order = rng.shuffle(Array.from({ length: inst.n }, (_, j) => j));
      const split = 1 + rng.int(4);
      for (const [v, jobs] of [order.slice(0, split), order.slice(split, inst.n - 1)].entries()) {
        const r = s.routes[v]!;
        r.setJobs(jobs);
        s.touch(r);
      }
      const j = order[inst.n - 1]!;
      // Scanning again gives the same answer; after a route changes the answer follows the change.
      for (let round = 0; round < 3; round++) {
        if (round === 2) {
          const r = s.routes[1]!;
          r.setJobs(Array.from(r.nodes.subarray(0, r.len)).reverse());
          s.touch(r);
        }
        let want = INF;
        for (const r of s.routes)
          for (let p = 1; p <= r.len + 1; p++) want = Math.min(want, insertionDelta(b, r, p, j, INF));
        bestInsertion(s, b, j, choice);
        if (want === INF) expect(choice.route).toBe(-1);
        else expect(choice.delta).toBeCloseTo(want, 6);
        if (want < INF) found++;
      }
    }
    expect(found).toBeGreaterThan(90);
  });
});

/**
 * Expects route r's caches over its positions to equal `want`'s (a route set from scratch); true when the instance
 * keeps exact states (compared too).
 */
function expectSameCaches(r: Route, want: Route, label: string): boolean {
  // Each field of the position records (REC in eval/route.ts) over positions from..to, and the arrays by position.
  const field = (x: Route, k: number, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => x.rec[(from + i) * REC + k]!);
  const lane = (x: Route, a: 'locs' | 'cum') => Array.from(x[a].subarray(0, x.len + 2));
  expect(Array.from(r.nodes.subarray(0, r.len)), label).toEqual(Array.from(want.nodes.subarray(0, want.len)));
  // fD, fE, fL, fTW, fDep, load, bD, bE, bL, bTW.
  for (const k of [0, 1, 2, 3, 4, 5, 8, 9, 10, 11])
    expect(field(r, k, 0, r.len + 1), `field ${k} ${label}`).toEqual(field(want, k, 0, want.len + 1));
  for (const a of ['locs', 'cum'] as const) expect(lane(r, a), `${a} ${label}`).toEqual(lane(want, a));
  expect(r.endLoad, label).toBe(want.endLoad);
  if (!r.inst.exact) return false;
  // Forward states are kept for 0..len, backward ones for 1..len + 1 (the rest is never read).
  for (const k of [12, 13]) expect(field(r, k, 0, r.len), `field ${k} ${label}`).toEqual(field(want, k, 0, want.len));
  for (const k of [14, 15])
    expect(field(r, k, 1, r.len + 1), `field ${k} ${label}`).toEqual(field(want, k, 1, want.len + 1));
  return true;
}

describe('route caches after a ruin', () => {
  it('removing any set of jobs at once leaves the caches of the remaining jobs set from scratch', () => {
    const rng = new Rng(11);
    let exactSeen = 0;
    for (let trial = 0; trial < 300; trial++) {
      const inst = compileInstance(randomProblem(rng), 0);
      const seq = rng.shuffle(Array.from({ length: inst.n }, (_, j) => j)).slice(0, 1 + rng.int(inst.n));
      const keep = new Uint8Array(seq.length + 2).fill(1);
      let first = 0;
      let last = 0;
      for (let p = 1; p <= seq.length; p++)
        if (rng.next() < 0.5) {
          keep[p] = 0;
          if (first === 0) first = p;
          last = p;
        }
      if (first === 0) continue;
      const r = new Route(inst, 0);
      r.setJobs(seq);
      const posOf = new Int32Array(inst.n).fill(-1);
      r.removeUnkept(keep, first, last, posOf);
      // Every job from the first removed position on has its new position; the jobs before it did not move.
      for (let p = 1; p <= r.len; p++) expect(posOf[r.job(p)]).toBe(p >= first ? p : -1);
      const want = new Route(inst, 0);
      want.setJobs(seq.filter((_, k) => keep[k + 1] === 1));
      if (expectSameCaches(r, want, `trial ${trial}`)) exactSeen++;
    }
    expect(exactSeen).toBeGreaterThan(100);
  });
});

describe('route copies', () => {
  it('a copy holds the caches of the route copied whatever it held before, and an insertion into it refreshes them', () => {
    const rng = new Rng(12);
    let exactSeen = 0;
    for (let trial = 0; trial < 300; trial++) {
      const inst = compileInstance(randomProblem(rng), trial % 2 ? 0.02 : 0);
      const order = rng.shuffle(Array.from({ length: inst.n }, (_, j) => j));
      const r = new Route(inst, 0);
      // Copies of routes of random lengths (empty ones too) into the same route, longer and shorter than what it held:
      // each copy is one `set` of views kept per length.
      for (let round = 0; round < 3; round++) {
        const held = rng.int(inst.n);
        r.setJobs(order.slice(inst.n - held));
        const src = new Route(inst, 0);
        src.setJobs(order.slice(0, rng.int(inst.n)));
        r.copyFrom(src);
        expect(r.len).toBe(src.len);
        expect(r.stamp).toBe(src.stamp);
        expectSameCaches(r, src, `trial ${trial} round ${round}`);
        const j = order[inst.n - 1]!;
        const pos = 1 + rng.int(src.len + 1);
        const posOf = new Int32Array(inst.n).fill(-1);
        r.insert(pos, j, posOf);
        for (let p = 1; p <= r.len; p++) expect(posOf[r.job(p)]).toBe(p >= pos ? p : -1);
        const seq = Array.from(src.nodes.subarray(0, src.len));
        seq.splice(pos - 1, 0, j);
        const want = new Route(inst, 0);
        want.setJobs(seq);
        if (expectSameCaches(r, want, `trial ${trial} round ${round} insert ${pos}`)) exactSeen++;
      }
    }
    expect(exactSeen).toBeGreaterThan(100);
  });
});
