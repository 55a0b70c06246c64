import { haversineM, type LatLng, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';
import { PairCache, UNREACHABLE_SECONDS } from '../../routing/matrix/osrm';
import type { Matrix } from '../../solver/model/types';

/** Why the table is not what the configured provider would say (shown on the plan preview and the board). */
export type TravelWarning = 'ROUTING_FALLBACK';

/** Travel between two places in the units the rules count: whole minutes (rounded up) and metres. */
export interface Leg {
  minutes: number;
  metres: number;
}

/**
 * Minutes the rules see for a pair the road engine cannot route: far beyond any shift, so a placement that needs
 * the leg is refused (TRAVEL_TIME) and the solver, whose durations are these minutes × 60, never plans it.
 */
export const UNREACHABLE_MINUTES = Math.ceil(UNREACHABLE_SECONDS / 60);

/** A place as the cache keys it: "lng,lat" rounded to 5 decimals (~1 m). */
export const placeKey = PairCache.key;

/** The straight-line model of the rules (shared/geo): haversine × detour factor, whole minutes at its speed. */
export function straightLeg(a: LatLng, b: LatLng): Leg {
  return { minutes: travelMinutes(a, b), metres: haversineM(a, b) * STRAIGHT_LINE_MODEL.detourFactor };
}

const pairKey = (a: string, b: string) => `${a}|${b}`;

/**
 * Travel for one team-day's places as one provider answered it: the planner's matrix, the placement rules'
 * minutes, the board's legs and the field app's distances all read the same numbers, so what the planner places
 * the rules accept. Lookups are synchronous: the road pairs were loaded before (travel.service).
 */
export class TravelTable {
  private constructor(
    /** The provider that answered: `straight-line`, or the road engine's identity. */
    readonly provider: string,
    readonly warning: TravelWarning | null,
    private readonly places: readonly LatLng[],
    /** Road legs by "from|to" key (null: unreachable); absent for straight-line, which is computed. */
    private readonly road: ReadonlyMap<string, Leg | null> | null,
  ) {}

  /** The default model: computed on demand, nothing stored or read. */
  static straightLine(places: readonly LatLng[]): TravelTable {
    return new TravelTable('straight-line', null, places, null);
  }

  /** A road engine's legs between every two of `places` (straight-line legs where it failed, with the warning). */
  static road(
    provider: string,
    places: readonly LatLng[],
    legs: ReadonlyMap<string, Leg | null>,
    warning: TravelWarning | null,
  ): TravelTable {
    return new TravelTable(provider, warning, places, legs);
  }

  /** Road-engine pair key (exported for the loader). */
  static pairKey = pairKey;

  /** Whether every place has its pairs in the table (a straight-line table covers everywhere). */
  covers(places: readonly LatLng[]): boolean {
    if (!this.road) return true;
    const known = new Set(this.places.map(placeKey));
    return places.every((p) => known.has(placeKey(p)));
  }

  /** The leg from `a` to `b`; null when no road leads there. */
  leg(a: LatLng, b: LatLng): Leg | null {
    if (!this.road) return straightLeg(a, b);
    const ka = placeKey(a);
    const kb = placeKey(b);
    if (ka === kb) return { minutes: 0, metres: 0 };
    const leg = this.road.get(pairKey(ka, kb));
    // Every lookup must be of a place the table was loaded with: a guess here would let the rules and the
    // planner disagree.
    if (leg === undefined) throw new Error(`travel table has no pair ${ka} → ${kb}`);
    return leg;
  }

  /** Whole minutes from `a` to `b` as the placement rules count them (UNREACHABLE_MINUTES without a road). */
  minutes(a: LatLng, b: LatLng): number {
    return this.leg(a, b)?.minutes ?? UNREACHABLE_MINUTES;
  }

  /** Metres from `a` to `b`; null without a road. */
  metres(a: LatLng, b: LatLng): number | null {
    return this.leg(a, b)?.metres ?? null;
  }

  /**
   * The solver's matrix over `places` (by default the places the table was loaded with): durations are exactly
   * the rules' minutes × 60, so a plan the solver finds passes the placement check on apply.
   */
  matrix(places: readonly LatLng[] = this.places): Matrix {
    const size = places.length;
    const durations = new Float64Array(size * size);
    const distances = new Float64Array(size * size);
    for (let a = 0; a < size; a++)
      for (let b = 0; b < size; b++) {
        if (a === b) continue;
        const leg = this.leg(places[a] as LatLng, places[b] as LatLng);
        durations[a * size + b] = (leg?.minutes ?? UNREACHABLE_MINUTES) * 60;
        distances[a * size + b] = leg?.metres ?? UNREACHABLE_SECONDS;
      }
    return { size, durations, distances };
  }
}
