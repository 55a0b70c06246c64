import { StraightLineProvider } from '../../server/routing/matrix/straight-line';
import type { LatLng } from '../../server/routing/matrix/types';
import type { Job, Problem, Vehicle } from '../../server/solver/model/types';
import { Rng } from '../../server/solver/search/rng';

/** Shape of a synthetic city day. */
export interface CityOptions {
  visits: number;
  crews: number;
  seed: number;
  /** Number of neighbourhood clusters visits gather in. */
  clusters?: number;
}

const CENTRE: LatLng = { lat: 31.23, lng: 121.47 };
const KM_LAT = 1 / 111.32;
const KM_LNG = 1 / (111.32 * Math.cos((CENTRE.lat * Math.PI) / 180));

/**
 * A realistic-looking field day: visits gathered in neighbourhoods of different sizes plus a
 * scatter across a 30 km town, 2-hour slots between 08:00 and 18:00, 8–24 min visits,
 * crews from three offices with 8:00–18:30 shifts, a 30-min lunch break, some skills and caps.
 */
export function syntheticCity(opt: CityOptions): { problem: Problem; places: LatLng[] } {
  return cityDay(opt, DEFAULT_DAY);
}

/** What differs between the scale test's city and a realistic team-day. */
interface DayShape {
  /** Slot lengths in hours, drawn uniformly; slots start every `slotStep` hours from 08:00 and end by `lastSlotEnd`. */
  slotHours: number[];
  slotStep: number;
  lastSlotEnd: number;
  /** Visit lengths in minutes, drawn uniformly. */
  serviceMinutes: number[];
  shiftEndHour: number;
  maxVisits: number;
}

const DEFAULT_DAY: DayShape = {
  slotHours: [2],
  slotStep: 2,
  lastSlotEnd: 18,
  serviceMinutes: [8, 12, 16, 20, 24],
  shiftEndHour: 18.5,
  maxVisits: 30,
};

/** A team-day as dispatchers plan it: 1–2 h slots, 20–60 min visits, so each crew does only a handful. */
const TEAM_DAY: DayShape = {
  slotHours: [1, 1, 2],
  slotStep: 1,
  lastSlotEnd: 17,
  serviceMinutes: [20, 30, 40, 45, 60],
  shiftEndHour: 18.5,
  maxVisits: 12,
};

/** City team-days: visits and crews (about seven visits a crew, as a real field day). */
export const CITY_SIZES: [number, number][] = [
  [100, 15],
  [200, 30],
  [400, 58],
  [1000, 145],
];

/** A realistic team-day (many short routes, tight slots, long visits, a lunch break per crew). */
export function cityTeamDay(opt: CityOptions): { problem: Problem; places: LatLng[] } {
  return cityDay(opt, TEAM_DAY);
}

function cityDay(opt: CityOptions, shape: DayShape): { problem: Problem; places: LatLng[] } {
  const rng = new Rng(opt.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const at = (xKm: number, yKm: number): LatLng => ({ lat: CENTRE.lat + yKm * KM_LAT, lng: CENTRE.lng + xKm * KM_LNG });
  const offices = [at(-6, 2), at(5, -4), at(1, 7)];
  const nClusters = opt.clusters ?? 40;
  const clusters = Array.from({ length: nClusters }, () => ({
    x: (rng.next() - 0.5) * 28,
    y: (rng.next() - 0.5) * 28,
    spread: 0.3 + rng.next() * 1.5,
    weight: 0.2 + rng.next() ** 2 * 3,
  }));
  const totalWeight = clusters.reduce((a, c) => a + c.weight, 0);
  const places: LatLng[] = [...offices];
  const jobs: Job[] = [];
  for (let k = 0; k < opt.visits; k++) {
    let x: number;
    let y: number;
    if (rng.next() < 0.15) {
      x = (rng.next() - 0.5) * 30;
      y = (rng.next() - 0.5) * 30;
    } else {
      let pick = rng.next() * totalWeight;
      let c = clusters[0]!;
      for (const cl of clusters) {
        c = cl;
        pick -= cl.weight;
        if (pick <= 0) break;
      }
      x = c.x + gauss() * c.spread;
      y = c.y + gauss() * c.spread;
    }
    places.push(at(x, y));
    // One draw fewer for a single slot length keeps the scale city's random sequence as it was.
    const hours = shape.slotHours.length > 1 ? shape.slotHours[rng.int(shape.slotHours.length)]! : shape.slotHours[0]!;
    const slot = 8 + shape.slotStep * rng.int((shape.lastSlotEnd - 8 - hours) / shape.slotStep + 1);
    jobs.push({
      id: `visit-${k + 1}`,
      locationIndex: places.length - 1,
      service: 60 * shape.serviceMinutes[rng.int(shape.serviceMinutes.length)]!,
      windows: [{ start: slot * 3600, end: (slot + hours) * 3600 }],
      skills: rng.next() < 0.1 ? ['senior'] : undefined,
      priority: rng.next() < 0.2 ? 1 + rng.int(3) : 0,
    });
  }
  const vehicles: Vehicle[] = Array.from({ length: opt.crews }, (_, k) => {
    const office = k % offices.length;
    return {
      id: `crew-${k + 1}`,
      startIndex: office,
      endIndex: office,
      shift: { start: 8 * 3600, end: shape.shiftEndHour * 3600 },
      break: { window: { start: 12 * 3600, end: 13.5 * 3600 }, duration: 1800 },
      skills: k % 3 === 0 ? ['senior'] : [],
      maxVisits: shape.maxVisits,
    };
  });
  const matrix = new StraightLineProvider().matrixSync(places);
  return { problem: { vehicles, jobs, matrix }, places };
}
