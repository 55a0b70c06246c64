import { haversineM, STRAIGHT_LINE_MODEL } from '../../../shared/geo';
import type { DbOrTx } from '../../db/client';
import type { Matrix } from '../../solver/model/types';
import { UNREACHABLE_SECONDS } from './osrm';
import { type Area, routeBetween, type Snapped, snapToNetwork, withStatementTimeout } from './pgrouting.repo';
import type { LatLng, MatrixProvider } from './types';

/** The provider's name, and the identity its pairs are cached under in travel_pairs. */
export const PGROUTING = 'pgrouting';

/**
 * How long pgRouting may take for one table, as for OSRM: the dispatcher is waiting on a board or a move, and a
 * query that slow falls back to straight-line (with the warning) instead.
 */
const PGROUTING_TIMEOUT_MS = 10_000;

/**
 * Roads loaded around the places: their box widened by its own size, and by at least this much, so a detour to a
 * bridge or a ring road nearby is found. Pairs with no path inside are asked again on the whole network.
 */
const AREA_MARGIN_M = 3000;

const OFF_ROAD_METRES_PER_SECOND = (STRAIGHT_LINE_MODEL.speedKmh * 1000) / 3600;

/**
 * Road travel from pgRouting on the app's PostgreSQL (`ROUTING=pgrouting`), over the network `npm run roads:import`
 * loaded with osm2pgrouting: each place is snapped to its nearest junction, and one many-to-many Dijkstra gives
 * every junction-to-junction path. The stretch between a place and its junction is counted as the straight-line
 * model counts it (crow-fly × detour at its speed), so two doors near one junction are not 0 minutes apart (they are
 * their straight-line distance apart) and a place outside the imported area costs what straight-line would say
 * for the part off the map. Throws when the
 * network is missing (never imported, no extension): travel.service then falls back with ROUTING_FALLBACK.
 */
export class PgRoutingProvider implements MatrixProvider {
  readonly name = PGROUTING;
  private readonly timeoutMs: number;
  private readonly marginM: number;

  constructor(
    readonly db: DbOrTx,
    opts: { timeoutMs?: number; marginM?: number } = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? PGROUTING_TIMEOUT_MS;
    this.marginM = opts.marginM ?? AREA_MARGIN_M;
  }

  async matrix(places: LatLng[]): Promise<Matrix> {
    const size = places.length;
    const durations = new Float64Array(size * size);
    const distances = new Float64Array(size * size);
    if (size < 2) return { size, durations, distances };
    // In a transaction of its own, or a savepoint when the caller is in one: a missing network or a query cut
    // short fails only this, and the caller's transaction goes on with the straight-line fallback.
    const { at, found } = await this.db.transaction((tx) =>
      withStatementTimeout(tx, this.timeoutMs, async () => {
        const snapped = await snapToNetwork(tx, places);
        if (snapped.some((s) => s === undefined))
          throw new Error('the road network is empty: run npm run roads:import');
        const at = snapped as Snapped[];
        const vertices = [...new Set(at.map((s) => s.vertex))];
        const near = await routeBetween(tx, vertices, areaAround([...places, ...at], this.marginM));
        const complete = near.length === vertices.length * (vertices.length - 1);
        return { at, found: complete ? near : await routeBetween(tx, vertices) };
      }),
    );
    const paths = new Map<string, { seconds: number; metres: number }>();
    for (const p of found) paths.set(`${p.from}>${p.to}`, p);
    const offRoad = places.map((p, i) => haversineM(p, at[i] as Snapped) * STRAIGHT_LINE_MODEL.detourFactor);

    for (let a = 0; a < size; a++)
      for (let b = 0; b < size; b++) {
        if (a === b) continue;
        const va = (at[a] as Snapped).vertex;
        const vb = (at[b] as Snapped).vertex;
        const k = a * size + b;
        // Two places at one junction: the short way between them, as the straight-line model counts it.
        const path = va === vb ? { seconds: 0, metres: 0 } : paths.get(`${va}>${vb}`);
        if (!path) {
          durations[k] = UNREACHABLE_SECONDS;
          distances[k] = UNREACHABLE_SECONDS;
          continue;
        }
        const off =
          va === vb
            ? haversineM(places[a] as LatLng, places[b] as LatLng) * STRAIGHT_LINE_MODEL.detourFactor
            : (offRoad[a] as number) + (offRoad[b] as number);
        durations[k] = path.seconds + off / OFF_ROAD_METRES_PER_SECOND;
        distances[k] = path.metres + off;
      }
    return { size, durations, distances };
  }
}

/** The box around `points`, widened on every side by its larger side, and by at least `minMarginM`. */
function areaAround(points: readonly LatLng[], minMarginM: number): Area {
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const [south, north, west, east] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  const metresPerDegreeLat = 111_320;
  const metresPerDegreeLng = metresPerDegreeLat * Math.cos((((south + north) / 2) * Math.PI) / 180);
  const side = Math.max((north - south) * metresPerDegreeLat, (east - west) * metresPerDegreeLng);
  const margin = Math.max(minMarginM, side);
  return {
    west: west - margin / metresPerDegreeLng,
    south: south - margin / metresPerDegreeLat,
    east: east + margin / metresPerDegreeLng,
    north: north + margin / metresPerDegreeLat,
  };
}
