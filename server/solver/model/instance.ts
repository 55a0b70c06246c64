import type { BreakRule, Problem, TimeWindow } from './types';

/** The problem compiled into flat typed arrays; jobs and vehicles are referred to by index from here on. */
export interface Instance {
  problem: Problem;
  n: number;
  m: number;
  size: number;
  dur: Float64Array;
  dist: Float64Array;
  jobLoc: Int32Array;
  service: Float64Array;
  /** Hull of a job's windows: the O(1) checks use it; jobs with several windows get an exact check too. */
  twStart: Float64Array;
  twEnd: Float64Array;
  multiWindow: Uint8Array;
  windows: TimeWindow[][];
  demand: Float64Array;
  weight: Float64Array;
  /** Position-pinned jobs never move once placed. */
  locked: Uint8Array;
  /** allowed[v * n + j] — skills and crew pins. */
  allowed: Uint8Array;
  /** 1 when some vehicle may not take the job, so moves across routes must check `allowed`. */
  restricted: Uint8Array;
  pinVehicle: Int32Array;
  pinPosition: Int32Array;
  vStart: Int32Array;
  vEnd: Int32Array;
  shiftStart: Float64Array;
  shiftEnd: Float64Array;
  capacity: Float64Array;
  maxVisits: Int32Array;
  /** The smallest of `maxVisits`: a route shorter than this has room on any vehicle. */
  visitLimit: number;
  breaks: (BreakRule | undefined)[];
  /** Vehicles with equal class are interchangeable; equal endClass share end place and latest return. */
  vClass: Int32Array;
  /**
   * Cost of a route holding only job j, per vehicle class (`j * classes + vClass`), NaN until first asked
   * (see `emptyRouteCost`): the recreate looks at one empty route per class for every job it places.
   */
  emptyCost: Float64Array;
  startClass: Int32Array;
  endClass: Int32Array;
  /** Vehicles with equal breakClass have the same break rule (or none). */
  breakClass: Int32Array;
  /** Cost of leaving a job of weight 1 unassigned: larger than any possible travel total. */
  unassignedUnit: number;
  balanceWeight: number;
  horizon: number;
  /** False when no job is restricted, locked or multi-window: routes then skip those counters. */
  hasFlags: boolean;
  /** True when some vehicle has a break or some job several windows: routes then keep exact time states. */
  exact: boolean;
}

/**
 * The compiled instance as a class whose constructor assigns every field: each solve's instance then takes the
 * same map with the same field states. Built as an object literal, the second instance made in a process turned the
 * literal's fields from constant to mutable, which threw away the optimised code of every hot function reading the
 * instance (the insertion scan, the route refresh, the ruin …) in the middle of the next solve.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the class assigns exactly the interface's fields
class InstanceRecord {
  constructor(f: Instance) {
    this.problem = f.problem;
    this.n = f.n;
    this.m = f.m;
    this.size = f.size;
    this.dur = f.dur;
    this.dist = f.dist;
    this.jobLoc = f.jobLoc;
    this.service = f.service;
    this.twStart = f.twStart;
    this.twEnd = f.twEnd;
    this.multiWindow = f.multiWindow;
    this.windows = f.windows;
    this.demand = f.demand;
    this.weight = f.weight;
    this.locked = f.locked;
    this.allowed = f.allowed;
    this.restricted = f.restricted;
    this.pinVehicle = f.pinVehicle;
    this.pinPosition = f.pinPosition;
    this.vStart = f.vStart;
    this.vEnd = f.vEnd;
    this.shiftStart = f.shiftStart;
    this.shiftEnd = f.shiftEnd;
    this.capacity = f.capacity;
    this.maxVisits = f.maxVisits;
    this.visitLimit = f.visitLimit;
    this.breaks = f.breaks;
    this.vClass = f.vClass;
    this.emptyCost = f.emptyCost;
    this.startClass = f.startClass;
    this.endClass = f.endClass;
    this.breakClass = f.breakClass;
    this.unassignedUnit = f.unassignedUnit;
    this.balanceWeight = f.balanceWeight;
    this.horizon = f.horizon;
    this.hasFlags = f.hasFlags;
    this.exact = f.exact;
  }
}
// biome-ignore lint/correctness/noUnusedVariables: merged into the class above, which assigns exactly these fields
interface InstanceRecord extends Instance {}

function classIds(keys: string[]): Int32Array {
  const map = new Map<string, number>();
  const out = new Int32Array(keys.length);
  keys.forEach((k, i) => {
    let id = map.get(k);
    if (id === undefined) {
      id = map.size;
      map.set(k, id);
    }
    out[i] = id;
  });
  return out;
}

/** Compiles the public problem into the solver's internal arrays. */
export function compileInstance(problem: Problem, balanceWeight = 0): Instance {
  const { jobs, vehicles, matrix } = problem;
  const n = jobs.length;
  const m = vehicles.length;
  const vIndex = new Map(vehicles.map((v, i) => [v.id, i]));
  const jobLoc = new Int32Array(n);
  const service = new Float64Array(n);
  const twStart = new Float64Array(n);
  const twEnd = new Float64Array(n);
  const multiWindow = new Uint8Array(n);
  const windows: TimeWindow[][] = [];
  const demand = new Float64Array(n);
  const weight = new Float64Array(n);
  const locked = new Uint8Array(n);
  const allowed = new Uint8Array(m * n);
  const restricted = new Uint8Array(n);
  const pinVehicle = new Int32Array(n).fill(-1);
  const pinPosition = new Int32Array(n).fill(-1);
  jobs.forEach((job, j) => {
    jobLoc[j] = job.locationIndex;
    service[j] = job.service;
    const ws = [...job.windows].filter((w) => w.end >= w.start).sort((a, b) => a.start - b.start);
    windows.push(ws);
    twStart[j] = ws.length ? (ws[0] as TimeWindow).start : 0;
    twEnd[j] = ws.length ? Math.max(...ws.map((w) => w.end)) : -1;
    multiWindow[j] = ws.length > 1 ? 1 : 0;
    demand[j] = job.demand ?? 0;
    weight[j] = 1 + Math.max(0, job.priority ?? 0);
    if (job.pin) {
      pinVehicle[j] = vIndex.get(job.pin.vehicleId) ?? -2;
      if (job.pin.position !== undefined) {
        pinPosition[j] = job.pin.position;
        locked[j] = 1;
      }
    }
    vehicles.forEach((v, vi) => {
      const skills = new Set(v.skills ?? []);
      const skillOk = (job.skills ?? []).every((s) => skills.has(s));
      const pinOk = pinVehicle[j] === -1 || pinVehicle[j] === vi;
      const ok = skillOk && pinOk && ws.length > 0;
      allowed[vi * n + j] = ok ? 1 : 0;
      if (!ok) restricted[j] = 1;
    });
  });
  let maxEntry = 0;
  for (let i = 0; i < matrix.durations.length; i++) maxEntry = Math.max(maxEntry, matrix.durations[i] as number);
  let horizon = 1;
  for (const v of vehicles) horizon = Math.max(horizon, v.shift.end - v.shift.start);
  const key = (v: (typeof vehicles)[number]) =>
    JSON.stringify([v.startIndex, v.endIndex, v.shift, v.break, [...(v.skills ?? [])].sort(), v.maxVisits, v.capacity]);
  const vClass = classIds(vehicles.map(key));
  const classes = vClass.reduce((a, c) => Math.max(a, c + 1), 0);
  const maxVisits = Int32Array.from(vehicles, (v) => v.maxVisits ?? 1 << 30);
  return new InstanceRecord({
    problem,
    n,
    m,
    size: matrix.size,
    dur: matrix.durations,
    dist: matrix.distances,
    jobLoc,
    service,
    twStart,
    twEnd,
    multiWindow,
    windows,
    demand,
    weight,
    locked,
    allowed,
    restricted,
    pinVehicle,
    pinPosition,
    vStart: Int32Array.from(vehicles, (v) => v.startIndex),
    vEnd: Int32Array.from(vehicles, (v) => v.endIndex),
    shiftStart: Float64Array.from(vehicles, (v) => v.shift.start),
    shiftEnd: Float64Array.from(vehicles, (v) => v.shift.end),
    capacity: Float64Array.from(vehicles, (v) => v.capacity ?? Number.POSITIVE_INFINITY),
    maxVisits,
    visitLimit: maxVisits.reduce((a, x) => Math.min(a, x), 1 << 30),
    breaks: vehicles.map((v) => v.break),
    vClass,
    emptyCost: new Float64Array(n * classes).fill(Number.NaN),
    startClass: classIds(vehicles.map((v) => JSON.stringify([v.startIndex, v.shift.start, v.shift.end]))),
    endClass: classIds(vehicles.map((v) => JSON.stringify([v.endIndex, v.shift.start, v.shift.end]))),
    breakClass: classIds(vehicles.map((v) => JSON.stringify(v.break ?? null))),
    unassignedUnit: 10 * (n + m + 1) * (maxEntry + 1) * (1 + balanceWeight),
    balanceWeight,
    horizon,
    hasFlags: restricted.some((x) => x > 0) || locked.some((x) => x > 0) || multiWindow.some((x) => x > 0),
    exact: vehicles.some((v) => v.break !== undefined) || multiWindow.some((x) => x > 0),
  });
}
