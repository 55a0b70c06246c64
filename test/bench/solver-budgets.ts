import { type SolveOptions, solve } from '../../server/solver/index';
import type { Problem, Solution, Tuning } from '../../server/solver/model/types';

/**
 * Ruin-and-recreate iterations one Solomon instance makes in 1 s of CPU on this machine, quiet (`npm run -s
 * bench:solver -- --set solomon --time-limit-ms 1000 --cpu-clock --seed 89`, 2026-12-03 16:01 UTC, load 1.5–2.8,
 * 79.4 k per CPU-second over the 56). Instances differ by up to 2.2× (C109 against C204), so a fixed iteration budget
 * that stands for "1 s" is this table scaled to the pace wanted, not one number for all (test/bench/solver-ab.ts).
 */
export const SOLOMON_ITERATIONS_1S: Readonly<Record<string, number>> = {
  C101: 97200,
  C102: 95824,
  C103: 94656,
  C104: 95672,
  C105: 107072,
  C106: 93488,
  C107: 99552,
  C108: 98136,
  C109: 108184,
  C201: 76008,
  C202: 58016,
  C203: 54576,
  C204: 49136,
  C205: 72056,
  C206: 68088,
  C207: 68032,
  C208: 68040,
  R101: 84224,
  R102: 76016,
  R103: 75704,
  R104: 78136,
  R105: 85216,
  R106: 77584,
  R107: 72936,
  R108: 74680,
  R109: 82616,
  R110: 77016,
  R111: 76864,
  R112: 74360,
  R201: 80080,
  R202: 73304,
  R203: 71536,
  R204: 71656,
  R205: 79176,
  R206: 70528,
  R207: 63296,
  R208: 61024,
  R209: 70904,
  R210: 72048,
  R211: 59712,
  RC101: 89024,
  RC102: 84360,
  RC103: 82216,
  RC104: 91680,
  RC105: 78000,
  RC106: 86728,
  RC107: 80640,
  RC108: 79848,
  RC201: 75288,
  RC202: 74632,
  RC203: 64608,
  RC204: 60528,
  RC205: 73048,
  RC206: 73176,
  RC207: 69456,
  RC208: 59832,
};

/** Per-instance budgets scaled so that their mean is `pace` (iterations per second of the 1 s line). */
export function scaledBudgets(pace: number): Map<string, number> {
  const values = Object.values(SOLOMON_ITERATIONS_1S);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return new Map(Object.entries(SOLOMON_ITERATIONS_1S).map(([k, v]) => [k, Math.round((v * pace) / mean)]));
}

/**
 * One seeded solve at a fixed iteration budget on a fake clock (one tick per read), so it repeats exactly whatever the
 * machine's load; the population gate is shut unless `tuning` sets it (at 1 s of CPU it never opens).
 */
export function pacedSolve(
  problem: Problem,
  seed: number,
  budget: number,
  balanceWeight: number | undefined,
  tuning: Tuning,
  onProgress?: SolveOptions['onProgress'],
): Solution {
  let tick = 0;
  return solve(problem, {
    seed,
    timeLimitMs: 1e12,
    maxIterations: budget,
    clock: () => tick++,
    balanceWeight,
    tuning: { popGate: 1e9, ...tuning },
    onProgress,
  });
}
