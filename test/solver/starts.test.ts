import { describe, expect, it } from 'vitest';
import { type SolveOptions, solve } from '../../server/solver/index';
import { seededRoutes, solomonProblem, tickingClock } from './helpers';

const run = (name: string, tuning: SolveOptions['tuning']) => seededRoutes(name, tuning, 3, 2_000);

describe('independent early chains (starts)', () => {
  it('one chain is the one annealing, whatever the share', () => {
    expect(run('RC204', { starts: 1, startsShare: 0.5 })).toEqual(run('RC204', { starts: 1, startsShare: 0 }));
    expect(run('RC204', { starts: 3, startsShare: 0 })).toEqual(run('RC204', { starts: 1 }));
  });

  it('changes a long-route run and keeps it deterministic', () => {
    const a = run('RC204', { starts: 3, startsShare: 0.6 });
    expect(run('RC204', { starts: 3, startsShare: 0.6 })).toEqual(a);
    expect(a).not.toEqual(run('RC204', { starts: 1 }));
  });

  it('by default a long-route plan (RC204) runs 3 chains over 0.45 of the budget, the earlier ones hotter', () => {
    expect(run('RC204', {})).toEqual(run('RC204', { starts: 3, startsShare: 0.45, startsHeat: 1.3 }));
  });

  it('hotter early chains change a long-route run; one chain has no heat to change', () => {
    expect(run('RC204', { startsHeat: 1.3 })).not.toEqual(run('RC204', { startsHeat: 1 }));
    expect(run('RC204', { starts: 1, startsHeat: 1.3 })).toEqual(run('RC204', { starts: 1 }));
  });

  it('short-route plans (RC103) and the population keep one chain by default', () => {
    expect(run('RC103', {})).toEqual(run('RC103', { starts: 1, startsHeat: 1 }));
    expect(run('RC103', { population: 2, starts: 3 })).toEqual(run('RC103', { population: 2 }));
  });

  it('reports and returns the best plan of every chain, never a later chain’s worse one', () => {
    const costs: number[] = [];
    const sol = solve(solomonProblem('RC204'), {
      seed: 3,
      timeLimitMs: 1e9,
      clock: tickingClock(),
      maxIterations: 2_000,
      balanceWeight: 0,
      tuning: { starts: 4, startsShare: 0.8, finalLs: false },
      onProgress: (p) => {
        costs.push(p.bestCost);
        return false;
      },
    });
    for (let k = 1; k < costs.length; k++) expect(costs[k]).toBeLessThanOrEqual(costs[k - 1]!);
    expect(sol.cost).toBeLessThanOrEqual(costs[costs.length - 1]! + 1e-9);
    expect(sol.unassigned).toEqual([]);
  });
});
