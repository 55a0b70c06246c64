/**
 * The lender's organisation: many teams spread over Shanghai, each working its own patch of a district, teams
 * of uneven size (the first one the biggest, so the busiest team-day is predictable), and regional managers
 * who each cover five neighbouring teams.
 */
import { apportion } from './apportion';
import { DISTRICTS, type District, type LatLng } from './shanghai';

/** The lender shape of the generator: how many teams and how many agreed visits a day across all of them. */
export interface LenderShape {
  teams: number;
  /** Visits on an average day of the window (the coming week is front-loaded, today the busiest). */
  visitsPerDay: number;
  /** Past days with crews, visits and outcomes (reports are read over a quarter); the demo keeps three. */
  historyDays?: number;
}

/** Rough share of the lender's field work per district, in `DISTRICTS` order (the big suburbs take more). */
const DISTRICT_WEIGHTS = [9, 2, 4, 3, 4, 4, 3, 4, 5, 4, 6, 4] as const;
/** Teams per regional manager; teams are laid out district by district, neighbours next to each other. */
const REGION_TEAMS = 5;

export interface LenderTeamLayout {
  name: string;
  /** The team's patch: its district cut down to one cell, so teams sharing a district do not overlap. */
  districts: District[];
  weights: number[];
  crewCount: number;
  /** Index of the region (five neighbouring teams) whose manager covers the team. */
  region: number;
}

/** Lays `teams` teams over the districts (by weight) and deals `crewTotal` crews to them. */
export function lenderLayout(teams: number, crewTotal: number): LenderTeamLayout[] {
  if (crewTotal < teams) throw new Error(`every team needs a crew: ${teams} teams, ${crewTotal} crews`);
  const perDistrict = apportion(teams, DISTRICT_WEIGHTS);
  const crews = crewCounts(teams, crewTotal);
  const out: LenderTeamLayout[] = [];
  DISTRICTS.forEach((district, d) => {
    const k = perDistrict[d] ?? 0;
    if (k === 0) return;
    const short = district.name.replace(/新区|区$/, '');
    patches(district, k).forEach((patch, j) => {
      out.push({
        name: `${short}外访${j + 1}组`,
        districts: [patch],
        weights: [1],
        crewCount: crews[out.length] as number,
        region: Math.floor(out.length / REGION_TEAMS),
      });
    });
  });
  return out;
}

/**
 * Crews per team: an even split, then some variety the way real teams differ (pairs of teams one crew apart),
 * and two extra crews for the first team, taken from the last two, so team 1 carries the busiest day.
 */
function crewCounts(teams: number, crewTotal: number): number[] {
  const base = Math.floor(crewTotal / teams);
  const counts = Array.from({ length: teams }, (_, i) => base + (i < crewTotal % teams ? 1 : 0));
  if (base < 4 || teams < 3) return counts;
  for (let i = 1; i + 1 < teams - 2; i += 2) {
    const k = (i - 1) / 2;
    const delta = k % 3 === 0 ? 1 : k % 3 === 1 ? -1 : 0;
    counts[i] = (counts[i] as number) + delta;
    counts[i + 1] = (counts[i + 1] as number) - delta;
  }
  counts[0] = (counts[0] as number) + 2;
  counts[teams - 1] = (counts[teams - 1] as number) - 1;
  counts[teams - 2] = (counts[teams - 2] as number) - 1;
  return counts;
}

/** Cuts a district into `k` cells: `rows` latitude bands, each split by longitude, every cell clipped to the core. */
function patches(district: District, k: number): District[] {
  if (k === 1) return [district];
  const lats = district.polygon.map((p) => p.lat);
  const lngs = district.polygon.map((p) => p.lng);
  const [s, n, w, e] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  const rows = Math.max(1, Math.round(Math.sqrt(k)));
  const perRow = apportion(
    k,
    Array.from({ length: rows }, () => 1),
  );
  const out: District[] = [];
  perRow.forEach((cols, r) => {
    const [south, north] = [s + ((n - s) * r) / rows, s + ((n - s) * (r + 1)) / rows];
    for (let c = 0; c < cols; c++) {
      const [west, east] = [w + ((e - w) * c) / cols, w + ((e - w) * (c + 1)) / cols];
      const polygon = clipToBox(district.polygon, south, west, north, east);
      // A cell that misses the core (a cut-off corner) keeps the whole district rather than an empty patch.
      out.push({ ...district, polygon: area(polygon) > 1e-6 ? polygon : district.polygon });
    }
  });
  return out;
}

/** Sutherland–Hodgman against the four sides of a box; the cores are convex, so the result is one polygon. */
function clipToBox(polygon: readonly LatLng[], south: number, west: number, north: number, east: number): LatLng[] {
  type Side = { inside: (p: LatLng) => boolean; cut: (a: LatLng, b: LatLng) => LatLng };
  const atLng = (x: number) => (a: LatLng, b: LatLng) => ({
    lat: a.lat + ((x - a.lng) * (b.lat - a.lat)) / (b.lng - a.lng),
    lng: x,
  });
  const atLat = (y: number) => (a: LatLng, b: LatLng) => ({
    lat: y,
    lng: a.lng + ((y - a.lat) * (b.lng - a.lng)) / (b.lat - a.lat),
  });
  const sides: Side[] = [
    { inside: (p) => p.lng >= west, cut: atLng(west) },
    { inside: (p) => p.lng <= east, cut: atLng(east) },
    { inside: (p) => p.lat >= south, cut: atLat(south) },
    { inside: (p) => p.lat <= north, cut: atLat(north) },
  ];
  let poly = [...polygon];
  for (const side of sides) {
    const next: LatLng[] = [];
    poly.forEach((a, i) => {
      const b = poly[(i + 1) % poly.length] as LatLng;
      if (side.inside(a)) next.push(a);
      if (side.inside(a) !== side.inside(b)) next.push(side.cut(a, b));
    });
    poly = next;
  }
  return poly;
}

/** Shoelace area in square degrees (only compared against zero). */
function area(polygon: readonly LatLng[]): number {
  let sum = 0;
  polygon.forEach((a, i) => {
    const b = polygon[(i + 1) % polygon.length] as LatLng;
    sum += a.lng * b.lat - b.lng * a.lat;
  });
  return Math.abs(sum) / 2;
}

/** Cases (and so visits) are dealt to teams in proportion to their crews: one round per crew rank. */
export function dealOrder(crewCounts: readonly number[]): number[] {
  const order: number[] = [];
  const most = Math.max(...crewCounts);
  for (let r = 0; r < most; r++) {
    for (const [t, n] of crewCounts.entries()) if (n > r) order.push(t);
  }
  return order;
}
