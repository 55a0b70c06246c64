export { EuclideanProvider } from './euclidean';
export { OsrmProvider, PairCache, UNREACHABLE_SECONDS } from './osrm';
export { StraightLineProvider } from './straight-line';
export type { LatLng, MatrixProvider } from './types';
