import { describe, expect, it } from 'vitest';
import { euclideanMatrix, prepareReplan, solve } from '../../server/solver/index';
import type { Job, Problem, Solution, Vehicle } from '../../server/solver/model/types';
import { tickingClock } from './helpers';
import { verifyPlan } from './verify';

// A town on a 10 km grid; 1 unit = 1 km, 60 s per km. Index 0 is the office.
const points: [number, number][] = [
  [0, 0],
  [1, 0],
  [2, 0],
  [3, 0],
  [0, 1],
  [0, 2],
  [0, 3],
  [5, 5],
  [9, 9],
  [200, 200],
];
const matrix = euclideanMatrix(
  points.map((p) => p[0]),
  points.map((p) => p[1]),
  1000,
  1000 / 60,
);
const day = { start: 8 * 3600, end: 17 * 3600 };

function crew(id: string, extra: Partial<Vehicle> = {}): Vehicle {
  return { id, startIndex: 0, endIndex: 0, shift: day, ...extra };
}

function visit(id: string, at: number, extra: Partial<Job> = {}): Job {
  return { id, locationIndex: at, service: 1800, windows: [day], ...extra };
}

function run(problem: Problem, iterations = 300): Solution {
  const sol = solve(problem, { seed: 3, timeLimitMs: 1e9, clock: tickingClock(), maxIterations: iterations });
  expect(verifyPlan(problem, sol)).toEqual([]);
  return sol;
}

const routeOf = (sol: Solution, jobId: string) => sol.routes.find((r) => r.stops.some((s) => s.jobId === jobId));

describe('field constraints', () => {
  it('gives visits needing a skill only to crews that have it, and explains when none has it', () => {
    const problem: Problem = {
      matrix,
      vehicles: [crew('plain'), crew('gas', { skills: ['gas'] })],
      jobs: [visit('a', 1, { skills: ['gas'] }), visit('b', 2), visit('c', 3, { skills: ['electric'] })],
    };
    const sol = run(problem);
    expect(routeOf(sol, 'a')?.vehicleId).toBe('gas');
    expect(sol.unassigned).toEqual([expect.objectContaining({ jobId: 'c', code: 'NO_CREW_WITH_SKILL' })]);
  });

  it('keeps every route inside its shift and rejects a slot outside every shift', () => {
    const problem: Problem = {
      matrix,
      vehicles: [crew('a', { shift: { start: 9 * 3600, end: 12 * 3600 } })],
      jobs: [
        visit('early', 1, { windows: [{ start: 6 * 3600, end: 7 * 3600 }] }),
        visit('ok1', 2),
        visit('ok2', 3),
        visit('ok3', 4),
      ],
    };
    const sol = run(problem);
    expect(sol.unassigned.map((u) => [u.jobId, u.code])).toEqual([['early', 'SLOT_OUTSIDE_EVERY_SHIFT']]);
    const r = sol.routes[0]!;
    expect(r.start).toBeGreaterThanOrEqual(9 * 3600);
    expect(r.end).toBeLessThanOrEqual(12 * 3600);
  });

  it('fits the break inside its window without overlapping a visit', () => {
    const br = { window: { start: 12 * 3600, end: 12.5 * 3600 }, duration: 1800 };
    const problem: Problem = {
      matrix,
      vehicles: [crew('a', { break: br })],
      jobs: [1, 2, 3, 4, 5, 6, 7].map((at) => visit(`v${at}`, at, { service: 3600 })),
    };
    const sol = run(problem);
    const r = sol.routes[0]!;
    expect(r.breakStart).toBeGreaterThanOrEqual(br.window.start);
    expect(r.breakStart).toBeLessThanOrEqual(br.window.end);
    for (const s of r.stops) {
      const overlaps = s.serviceStart < r.breakStart! + br.duration && s.departure > r.breakStart!;
      expect(overlaps).toBe(false);
    }
  });

  it('never exceeds max visits and says so for the ones left', () => {
    const problem: Problem = {
      matrix,
      vehicles: [crew('a', { maxVisits: 2 })],
      jobs: [1, 2, 3, 4].map((at) => visit(`v${at}`, at)),
    };
    const sol = run(problem);
    expect(sol.routes[0]!.stops).toHaveLength(2);
    expect(sol.unassigned.map((u) => u.code)).toEqual(['MAX_VISITS_REACHED', 'MAX_VISITS_REACHED']);
  });

  it('uses the later of two windows when the earlier cannot be reached', () => {
    const problem: Problem = {
      matrix,
      vehicles: [crew('a')],
      jobs: [
        visit('first', 1, { windows: [{ start: 8 * 3600, end: 8 * 3600 + 300 }], service: 3 * 3600 }),
        visit('two-slots', 2, {
          windows: [
            { start: 8 * 3600, end: 9 * 3600 },
            { start: 14 * 3600, end: 15 * 3600 },
          ],
        }),
      ],
    };
    const sol = run(problem);
    const s = sol.routes[0]!.stops.find((x) => x.jobId === 'two-slots')!;
    expect(s.serviceStart).toBeGreaterThanOrEqual(14 * 3600);
  });

  it('keeps pinned visits on their crew and position pins in order', () => {
    const problem: Problem = {
      matrix,
      vehicles: [crew('near'), crew('far', { startIndex: 8, endIndex: 8 })],
      jobs: [
        visit('p', 1, { pin: { vehicleId: 'far' } }),
        visit('x', 3, { pin: { vehicleId: 'near', position: 0 } }),
        visit('y', 1, { pin: { vehicleId: 'near', position: 1 } }),
        visit('z', 2),
      ],
    };
    const sol = run(problem);
    expect(routeOf(sol, 'p')?.vehicleId).toBe('far');
    const near = routeOf(sol, 'x')!;
    const ids = near.stops.map((s) => s.jobId);
    expect(near.vehicleId).toBe('near');
    expect(ids.indexOf('x')).toBeLessThan(ids.indexOf('y'));
  });

  it('respects capacity and prefers the higher-priority visit when not all fit', () => {
    const problem: Problem = {
      matrix,
      vehicles: [crew('a', { capacity: 2 })],
      jobs: [
        visit('low', 1, { demand: 1 }),
        visit('high', 3, { demand: 1, priority: 5 }),
        visit('mid', 2, { demand: 1, priority: 1 }),
      ],
    };
    const sol = run(problem);
    expect(sol.routes[0]!.stops.map((s) => s.jobId).sort()).toEqual(['high', 'mid']);
    expect(sol.unassigned[0]?.jobId).toBe('low');
  });

  it('explains a visit that no crew can reach and be back in time', () => {
    const problem: Problem = { matrix, vehicles: [crew('a')], jobs: [visit('remote', 9), visit('ok', 1)] };
    const sol = run(problem);
    expect(sol.unassigned.map((u) => [u.jobId, u.code])).toEqual([['remote', 'UNREACHABLE_IN_TIME']]);
  });

  it('starts and ends each crew at its own places', () => {
    const problem: Problem = {
      matrix,
      vehicles: [crew('a', { startIndex: 7, endIndex: 8 })],
      jobs: [visit('v', 5)],
    };
    const sol = run(problem);
    const r = sol.routes[0]!;
    const expected = matrix.distances[7 * matrix.size + 5]! + matrix.distances[5 * matrix.size + 8]!;
    expect(r.distance).toBeCloseTo(expected, 6);
  });

  it('re-plans mid-day from where each crew is, leaving done visits out', () => {
    const base: Problem = {
      matrix,
      vehicles: [crew('a', { break: { window: { start: 12 * 3600, end: 13 * 3600 }, duration: 1800 } })],
      jobs: [visit('done', 1), visit('busy', 2), visit('next', 3), visit('later', 4)],
    };
    const now = 11 * 3600;
    const problem = prepareReplan(base, {
      crews: [{ vehicleId: 'a', locationIndex: 2, availableAt: now + 600, breakTaken: true }],
      fixedJobIds: ['done', 'busy'],
    });
    const sol = run(problem);
    const r = sol.routes[0]!;
    expect(r.stops.map((s) => s.jobId).sort()).toEqual(['later', 'next']);
    expect(r.stops[0]!.arrival).toBeGreaterThanOrEqual(now + 600);
    expect(r.breakStart).toBeUndefined();
    expect(r.distance).toBeGreaterThan(0);
  });

  it('splits work between crews when the balance weight asks for it', () => {
    const problem: Problem = {
      matrix,
      vehicles: [crew('a'), crew('b')],
      jobs: [1, 2, 3, 4, 5, 6].map((at) => visit(`v${at}`, at, { service: 3600 })),
    };
    const opts = { seed: 3, timeLimitMs: 1e9, clock: tickingClock(), maxIterations: 300 };
    const packed = solve(problem, { ...opts, balanceWeight: 0 });
    const balanced = solve(problem, { ...opts, balanceWeight: 1 });
    expect(verifyPlan(problem, packed)).toEqual([]);
    expect(verifyPlan(problem, balanced)).toEqual([]);
    expect(packed.routes).toHaveLength(1);
    expect(balanced.routes).toHaveLength(2);
    const [x, y] = balanced.routes.map((r) => r.stops.length);
    expect(Math.abs(x! - y!)).toBeLessThanOrEqual(2);
  });

  it('copes with no visits and with no crews', () => {
    const none = run({ matrix, vehicles: [crew('a')], jobs: [] });
    expect(none.routes).toEqual([]);
    const noCrew = run({ matrix, vehicles: [], jobs: [visit('v', 1)] });
    expect(noCrew.unassigned.map((u) => u.jobId)).toEqual(['v']);
  });
});
