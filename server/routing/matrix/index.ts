import { OsrmProvider, PairCache } from './osrm';
import { type StraightLineOptions, StraightLineProvider } from './straight-line';
import type { MatrixProvider } from './types';

export { EuclideanProvider } from './euclidean';
export { OsrmProvider, PairCache, UNREACHABLE_SECONDS } from './osrm';
export { StraightLineProvider } from './straight-line';
export type { LatLng, MatrixProvider } from './types';

const sharedCache = new PairCache();

/** The provider for this deployment: OSRM when `OSRM_URL` is set, otherwise straight-line with a detour factor. */
export function matrixProviderFromEnv(
  env: Record<string, string | undefined> = process.env,
  straightLine: StraightLineOptions = {},
): MatrixProvider {
  const url = env.OSRM_URL?.trim();
  if (url) return new OsrmProvider({ baseUrl: url, cache: sharedCache });
  return new StraightLineProvider(straightLine);
}
