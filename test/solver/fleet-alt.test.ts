import { describe, expect, it } from 'vitest';
import type { SolveOptions } from '../../server/solver/index';
import { expectSeededRunRepeats, seededRoutes } from './helpers';

const run = (name: string, tuning: SolveOptions['tuning'], maxIterations = 3_000) =>
  seededRoutes(name, tuning, 5, maxIterations);

describe('the larger fleet kept (fleetAlt)', () => {
  it('changes nothing where no squeeze runs (short routes)', () => {
    expect(run('RC103', { fleetAlt: true })).toEqual(run('RC103', { fleetAlt: false }));
  });

  it('changes nothing before a squeeze fails (RC204, no stall within 2,000 iterations)', () => {
    expect(run('RC204', { fleetAlt: true }, 2_000)).toEqual(run('RC204', { fleetAlt: false }, 2_000));
  });

  it('keeps a seeded run deterministic when squeezes fail and the run goes on from the larger fleet', () => {
    // Attempts of 20 steps fail often: the run then skips squeezes from that best and anneals the larger fleet's best.
    const a = expectSeededRunRepeats({ squeezeAfter: 150, squeezeIters: 20, fleetAlt: true });
    const off = expectSeededRunRepeats({ squeezeAfter: 150, squeezeIters: 20, fleetAlt: false });
    expect(a.distance).not.toBe(off.distance);
  });
});
