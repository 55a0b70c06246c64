/** A benchmark instance by name: a Solomon file (run from the project root) or a city team-day (`city-400`). */
import { readFileSync } from 'node:fs';
import { parseSolomon, solomonToProblem } from '../../server/solver/index';
import type { Problem } from '../../server/solver/model/types';
import { CITY_SIZES, cityTeamDay } from './city';

export function loadBenchInstance(name: string): { problem: Problem; balanceWeight: number } {
  const visits = /^city-(\d+)$/.exec(name)?.[1];
  if (visits) {
    const crews = CITY_SIZES.find(([v]) => v === Number(visits))?.[1];
    if (!crews) throw new Error(`no city team-day of ${visits} visits`);
    return {
      problem: cityTeamDay({ visits: Number(visits), crews, seed: Number(visits) }).problem,
      balanceWeight: 0.02,
    };
  }
  const text = readFileSync(`../shared/bench/solomon/${name}.txt`, 'utf8');
  return { problem: solomonToProblem(parseSolomon(text)), balanceWeight: 0 };
}
