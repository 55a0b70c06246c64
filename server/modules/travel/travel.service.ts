import type { Logger } from 'pino';
import type { LatLng } from '../../../shared/geo';
import type { DbOrTx } from '../../db/client';
import type { Env } from '../../env';
import { OsrmProvider, UNREACHABLE_SECONDS } from '../../routing/matrix/osrm';
import { PGROUTING, PgRoutingProvider } from '../../routing/matrix/pgrouting';
import type { MatrixProvider } from '../../routing/matrix/types';
import type { Matrix } from '../../solver/model/types';
import { deletePairs, findPairs, insertPairs, type StoredPair } from './travel.repo';
import { type Leg, placeKey, straightLeg, TravelTable } from './travel.table';

export { type Leg, placeKey, TravelTable, type TravelWarning, UNREACHABLE_MINUTES } from './travel.table';

/** What loading a table needs: the database (its cache, and pgRouting's server), the settings, a logger. */
export interface TravelDeps {
  db: DbOrTx;
  env: Pick<Env, 'ROUTING' | 'OSRM_URL'>;
  log?: Pick<Logger, 'warn'>;
  /** How long one OSRM table request may take before straight-line is used instead. */
  osrmTimeoutMs?: number;
}

/**
 * An OSRM request that takes longer than this falls back to straight-line: the dispatcher is waiting on a board
 * or a move, and a road engine that slow is down for practical purposes.
 */
const OSRM_TIMEOUT_MS = 10_000;

/** A road engine and the identity its answers are cached under. */
interface RoadEngine {
  cacheAs: string;
  provider: MatrixProvider;
}

/** Which routing this deployment uses: ROUTING, else osrm when OSRM_URL is set, else straight-line. */
export function routingOf(env: TravelDeps['env']): 'straight-line' | 'osrm' | 'pgrouting' {
  return env.ROUTING ?? (env.OSRM_URL ? 'osrm' : 'straight-line');
}

/**
 * The one place the provider is chosen. OSRM's pairs are cached under a name that includes its base URL and profile: another
 * server (another map extract) answers differently, and its pairs must not be mixed with these.
 */
function roadEngine(deps: TravelDeps): RoadEngine | null {
  const routing = routingOf(deps.env);
  if (routing === 'pgrouting') return { cacheAs: PGROUTING, provider: new PgRoutingProvider(deps.db) };
  if (routing === 'osrm' && deps.env.OSRM_URL) {
    const baseUrl = deps.env.OSRM_URL.replace(/\/+$/, '');
    return {
      cacheAs: `osrm:${baseUrl}/driving`,
      provider: new OsrmProvider({ baseUrl, profile: 'driving', timeoutMs: deps.osrmTimeoutMs ?? OSRM_TIMEOUT_MS }),
    };
  }
  return null;
}

/**
 * Travel between every two of `places` (a team-day's crew bases and ends, visits, stops) from the configured
 * provider. Straight-line is computed, never stored, and reads nothing. A road engine's pairs come from the
 * travel_pairs cache in one SELECT; only missing pairs are asked for and stored (a re-plan or a second app
 * instance does not ask again). When the engine fails the missing pairs are straight-line, not stored, and the
 * table carries ROUTING_FALLBACK (logged once at warn).
 */
export async function loadTravelTable(deps: TravelDeps, places: readonly LatLng[]): Promise<TravelTable> {
  const engine = roadEngine(deps);
  if (!engine) return TravelTable.straightLine(places);
  const byKey = new Map<string, LatLng>();
  for (const p of places) if (!byKey.has(placeKey(p))) byKey.set(placeKey(p), p);
  const keys = [...byKey.keys()];
  const legs = new Map<string, Leg | null>();
  for (const row of await findPairs(deps.db, engine.cacheAs, keys))
    legs.set(TravelTable.pairKey(row.fromKey, row.toKey), legOf(row));

  const missing: Array<[string, string]> = [];
  for (const a of keys) for (const b of keys) if (a !== b && !legs.has(TravelTable.pairKey(a, b))) missing.push([a, b]);
  if (missing.length === 0) return TravelTable.road(engine.cacheAs, places, legs, null);

  // The engine is asked about the places of missing pairs only (all pairs among them; extra ones are stored too).
  const involved = [...new Set(missing.flat())];
  let answered: StoredPair[];
  try {
    answered = pairsOf(involved, await engine.provider.matrix(involved.map((k) => byKey.get(k) as LatLng)));
  } catch (err) {
    deps.log?.warn(
      { err, provider: engine.cacheAs, pairs: missing.length },
      'road travel unavailable: straight-line used for the missing pairs',
    );
    for (const [a, b] of missing)
      legs.set(TravelTable.pairKey(a, b), straightLeg(byKey.get(a) as LatLng, byKey.get(b) as LatLng));
    return TravelTable.road(engine.cacheAs, places, legs, 'ROUTING_FALLBACK');
  }
  const fresh = answered.filter((p) => !legs.has(TravelTable.pairKey(p.fromKey, p.toKey)));
  await insertPairs(deps.db, engine.cacheAs, fresh);
  for (const p of fresh) legs.set(TravelTable.pairKey(p.fromKey, p.toKey), legOf(p));
  return TravelTable.road(engine.cacheAs, places, legs, null);
}

/**
 * Forgets every cached pair of `provider` (e.g. `pgrouting` after `npm run roads:import` loaded a new network):
 * the next board or plan asks the engine again. Returns how many pairs were forgotten.
 */
export async function forgetTravel(db: DbOrTx, provider: string): Promise<number> {
  return deletePairs(db, provider);
}

/** Every directed pair of a matrix over the places `keys`, unroutable ones with null seconds and metres. */
function pairsOf(keys: string[], m: Matrix): StoredPair[] {
  const out: StoredPair[] = [];
  for (let i = 0; i < keys.length; i++)
    for (let j = 0; j < keys.length; j++) {
      if (i === j) continue;
      const seconds = m.durations[i * m.size + j] as number;
      const routed = Number.isFinite(seconds) && seconds < UNREACHABLE_SECONDS;
      out.push({
        fromKey: keys[i] as string,
        toKey: keys[j] as string,
        seconds: routed ? seconds : null,
        metres: routed ? (m.distances[i * m.size + j] ?? null) : null,
      });
    }
  return out;
}

/** A stored pair in the rules' units: whole minutes rounded up, as the straight-line model counts them. */
function legOf(p: Pick<StoredPair, 'seconds' | 'metres'>): Leg | null {
  if (p.seconds === null) return null;
  return { minutes: Math.ceil(p.seconds / 60), metres: p.metres ?? 0 };
}
