import { describe, expect, it } from 'vitest';
import type { SolveOptions } from '../../server/solver/index';
import { seededRoutes } from './helpers';

const run = (name: string, tuning: SolveOptions['tuning']) => seededRoutes(name, tuning, 3, 2_000);

describe('annealing start temperature by route length', () => {
  it('a short-route plan (RC103, ≈ 8 visits a route) starts at t0Short', () => {
    expect(run('RC103', { t0Short: 0.5 })).toEqual(run('RC103', { t0: 0.5 }));
  });

  it('a long-route plan (RC204, ≈ 30 visits a route) ignores t0Short', () => {
    expect(run('RC204', { t0Short: 0.5 })).toEqual(run('RC204', {}));
  });

  it('by default a short-route plan starts at 1.5× the mean edge and a long-route one at 3×', () => {
    expect(run('RC103', {})).toEqual(run('RC103', { t0: 1.5 }));
    expect(run('RC204', {})).toEqual(run('RC204', { t0: 3 }));
  });

  it('the population keeps the long-route start temperature on short routes', () => {
    expect(run('RC103', { population: 2, t0Short: 0.5 })).toEqual(run('RC103', { population: 2 }));
    expect(run('RC103', { population: 2 })).toEqual(run('RC103', { population: 2, t0: 3 }));
  });

  it('an explicit t0 wins over t0Short', () => {
    expect(run('RC103', { t0: 2, t0Short: 0.5 })).toEqual(run('RC103', { t0: 2 }));
  });
});

describe('return to the best plan after a stall (stallReset)', () => {
  it('changes a short-route run and keeps it deterministic', () => {
    const a = run('RC103', { stallReset: 0.05 });
    expect(run('RC103', { stallReset: 0.05 })).toEqual(a);
    expect(a).not.toEqual(run('RC103', { stallReset: 0 }));
  });

  it('by default a short-route run goes back after 0.3 of the budget without a new best', () => {
    expect(run('RC103', {})).toEqual(run('RC103', { stallReset: 0.3 }));
  });

  it('a long-route plan (RC204) ignores the short-route default', () => {
    expect(run('RC204', {})).toEqual(run('RC204', { stallReset: 0 }));
  });

  it('the population runs without it unless it is set', () => {
    expect(run('RC103', { population: 2 })).toEqual(run('RC103', { population: 2, stallReset: 0 }));
  });
});

describe('a charge per used route in the annealing acceptance (routePen)', () => {
  it('changes a short-route run and keeps it deterministic', () => {
    const a = run('RC103', { routePen: 3 });
    expect(run('RC103', { routePen: 3 })).toEqual(a);
    expect(a).not.toEqual(run('RC103', { routePen: 0 }));
  });

  it('by default a short-route run charges each route the default multiple of the temperature', () => {
    expect(run('RC103', {})).toEqual(run('RC103', { routePen: 2 }));
  });

  it('a long-route plan (RC204), the population and a balanced day run without it unless it is set', () => {
    expect(run('RC204', {})).toEqual(run('RC204', { routePen: 0 }));
    expect(run('RC103', { population: 2 })).toEqual(run('RC103', { population: 2, routePen: 0 }));
    const balanced = (tuning: SolveOptions['tuning']) => seededRoutes('RC103', tuning, 3, 2_000, 0.02);
    expect(balanced({})).toEqual(balanced({ routePen: 0 }));
    expect(balanced({})).not.toEqual(balanced({ routePen: 2 }));
  });
});
