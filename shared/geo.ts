/** Geometry shared by the planner, the rule checks, check-in and the seed. */

export interface LatLng {
  lat: number;
  lng: number;
}

/** Great-circle distance in metres: the one haversine of the code base. */
export function haversineM(a: LatLng, b: LatLng): number {
  const r = 6_371_000;
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLng = (b.lng - a.lng) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2;
  // Rounding can push h a hair past 1 for antipodal points; asin would then return NaN.
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The default straight-line travel model (SPEC §5): distance × detour factor at an average speed. */
export const STRAIGHT_LINE_MODEL = { detourFactor: 1.4, speedKmh: 25 } as const;

/** Travel time under the straight-line model, in whole minutes rounded up. */
export function travelMinutes(a: LatLng, b: LatLng, model = STRAIGHT_LINE_MODEL): number {
  return Math.ceil((haversineM(a, b) * model.detourFactor) / 1000 / (model.speedKmh / 60));
}
