import type { Matrix } from '../../solver/model/types';

/** A place on Earth in WGS84 degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Builds the duration (s) and distance (m) matrix between places; the solver never knows which one ran. */
export interface MatrixProvider {
  readonly name: string;
  matrix(places: LatLng[]): Promise<Matrix>;
}
