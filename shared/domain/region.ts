/**
 * A team's region (SPEC §8.3): the bounding box of its active bases grown by the team's margin in km. Imported
 * coordinates and pins outside it are refused; a geocoder's answer outside it is taken as a wrong guess. The
 * server decides with it; the client only draws it.
 */

/** The box in degrees (WGS-84) and the margin it was grown by. */
export interface Region {
  south: number;
  west: number;
  north: number;
  east: number;
  marginKm: number;
}

/** Kilometres per degree of latitude (and of longitude at the equator): the mean Earth's, close enough for a margin. */
const KM_PER_DEGREE = 111.32;

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * The region around these points, or null when there are none (a team without bases has no region yet). The
 * margin is turned into degrees of longitude at the box's latitude farthest from the equator, where a degree is
 * shortest, so the margin is at least `marginKm` everywhere in the box.
 */
export function regionAround(points: ReadonlyArray<{ lat: number; lng: number }>, marginKm: number): Region | null {
  if (points.length === 0) return null;
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const south = Math.min(...lats);
  const north = Math.max(...lats);
  const dLat = marginKm / KM_PER_DEGREE;
  const widest = Math.min(89, Math.max(Math.abs(south), Math.abs(north)) + dLat);
  const dLng = marginKm / (KM_PER_DEGREE * Math.cos((widest * Math.PI) / 180));
  return {
    south: round(Math.max(-90, south - dLat)),
    north: round(Math.min(90, north + dLat)),
    west: round(Math.max(-180, Math.min(...lngs) - dLng)),
    east: round(Math.min(180, Math.max(...lngs) + dLng)),
    marginKm,
  };
}

/** Whether the point lies in the region; everything does when there is no region. */
export function inRegion(region: Region | null, lat: number, lng: number): boolean {
  if (!region) return true;
  return lat >= region.south && lat <= region.north && lng >= region.west && lng <= region.east;
}

/** The region as the error messages name it: "south–north °N, west–east °E (margin N km)" parameters. */
export const regionParams = (r: Region) => ({
  south: r.south.toFixed(3),
  north: r.north.toFixed(3),
  west: r.west.toFixed(3),
  east: r.east.toFixed(3),
  marginKm: r.marginKm,
});
