import { haversineM, STRAIGHT_LINE_MODEL } from '../../../shared/geo';
import type { Matrix } from '../../solver/model/types';
import type { LatLng, MatrixProvider } from './types';

/** Options of the default provider: roads are longer than the crow flies and crews are not fast. */
export interface StraightLineOptions {
  /** Road distance ÷ straight-line distance; 1.3–1.4 is typical in towns. */
  detourFactor?: number;
  /** Average door-to-door speed in km/h, parking included. */
  speedKmh?: number;
}

/**
 * Straight-line × detour factor ÷ average speed: the default when no road engine is configured. The defaults are
 * the rules' model (shared/geo), so a matrix built here agrees with the placement checks and the board.
 */
export class StraightLineProvider implements MatrixProvider {
  readonly name = 'straight-line';
  private readonly detour: number;
  private readonly metresPerSecond: number;

  constructor(opts: StraightLineOptions = {}) {
    this.detour = opts.detourFactor ?? STRAIGHT_LINE_MODEL.detourFactor;
    this.metresPerSecond = ((opts.speedKmh ?? STRAIGHT_LINE_MODEL.speedKmh) * 1000) / 3600;
  }

  async matrix(places: LatLng[]): Promise<Matrix> {
    return this.matrixSync(places);
  }

  /** Same as `matrix`, without the promise (it does no I/O). */
  matrixSync(places: LatLng[]): Matrix {
    const size = places.length;
    const distances = new Float64Array(size * size);
    const durations = new Float64Array(size * size);
    for (let a = 0; a < size; a++)
      for (let b = a + 1; b < size; b++) {
        const d = haversineM(places[a] as LatLng, places[b] as LatLng) * this.detour;
        const t = d / this.metresPerSecond;
        distances[a * size + b] = d;
        distances[b * size + a] = d;
        durations[a * size + b] = t;
        durations[b * size + a] = t;
      }
    return { size, distances, durations };
  }
}
