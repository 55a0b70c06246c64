import type { Matrix } from '../../solver/model/types';
import type { LatLng, MatrixProvider } from './types';

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres. */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Options of the default provider: roads are longer than the crow flies and crews are not fast. */
export interface StraightLineOptions {
  /** Road distance ÷ straight-line distance; 1.3–1.4 is typical in towns. */
  detourFactor?: number;
  /** Average door-to-door speed in km/h, parking included. */
  speedKmh?: number;
}

/** Straight-line × detour factor ÷ average speed: the default when no road engine is configured. */
export class StraightLineProvider implements MatrixProvider {
  readonly name = 'straight-line';
  private readonly detour: number;
  private readonly metresPerSecond: number;

  constructor(opts: StraightLineOptions = {}) {
    this.detour = opts.detourFactor ?? 1.35;
    this.metresPerSecond = ((opts.speedKmh ?? 25) * 1000) / 3600;
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
        const d = haversineMetres(places[a] as LatLng, places[b] as LatLng) * this.detour;
        const t = d / this.metresPerSecond;
        distances[a * size + b] = d;
        distances[b * size + a] = d;
        durations[a * size + b] = t;
        durations[b * size + a] = t;
      }
    return { size, distances, durations };
  }
}
