import { euclideanMatrix } from '../../solver/model/matrix';
import type { Matrix } from '../../solver/model/types';
import type { LatLng, MatrixProvider } from './types';

/** Planar Euclidean provider for benchmarks and tests: `lng` is x, `lat` is y, time = distance ÷ speed. */
export class EuclideanProvider implements MatrixProvider {
  readonly name = 'euclidean';
  constructor(private readonly speed = 1) {}

  async matrix(places: LatLng[]): Promise<Matrix> {
    return euclideanMatrix(
      places.map((p) => p.lng),
      places.map((p) => p.lat),
      1,
      this.speed,
    );
  }
}
