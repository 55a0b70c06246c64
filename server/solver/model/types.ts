/** Public input/output types of the route planner. All times are seconds on one clock, all distances metres. */

/** A time interval [start, end] in seconds; for a visit, `end` is the latest service start. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** A crew's break: it must start inside `window` and lasts `duration` seconds. */
export interface BreakRule {
  window: TimeWindow;
  duration: number;
}

/** A crew (vehicle). `startIndex`/`endIndex` are rows of the matrix. */
export interface Vehicle {
  id: string;
  startIndex: number;
  endIndex: number;
  /** Earliest departure and latest return. For mid-day re-planning `shift.start` is "now / free again". */
  shift: TimeWindow;
  break?: BreakRule;
  skills?: string[];
  maxVisits?: number;
  /** Capacity in the same unit as `Job.demand` (Solomon load); unlimited when absent. */
  capacity?: number;
}

/** A pin keeps a visit on a crew; with `position` it also stays in that order and is never moved. */
interface Pin {
  vehicleId: string;
  position?: number;
}

/** A visit (job). `windows` are hard: service must start inside one of them. */
export interface Job {
  id: string;
  locationIndex: number;
  service: number;
  windows: TimeWindow[];
  skills?: string[];
  /** Higher means more important to serve; weight = 1 + priority. */
  priority?: number;
  demand?: number;
  pin?: Pin;
}

/** Square matrices in row-major order, n × n, duration in seconds, distance in metres. */
export interface Matrix {
  size: number;
  durations: Float64Array;
  distances: Float64Array;
}

/** The whole problem handed to the solver. */
export interface Problem {
  vehicles: Vehicle[];
  jobs: Job[];
  matrix: Matrix;
}

/** Knobs; everything non-deterministic (clock, seed) is passed in here. */
export interface SolveOptions {
  seed?: number;
  timeLimitMs: number;
  /** Monotonic milliseconds clock; defaults are supplied by callers (CLI, worker), never read inside the solver. */
  clock: () => number;
  /** Weight of the workload-balance term (default 0.02; 0 disables, as for Solomon benchmarks). */
  balanceWeight?: number;
  /** Called now and then with progress; return true to cancel. */
  onProgress?: (p: Progress) => boolean | undefined;
  /** Stop after this many ruin-and-recreate iterations (for tests); unlimited by default. */
  maxIterations?: number;
  /** Expert tuning of the search (benchmarks); defaults are tuned on Solomon. */
  tuning?: Tuning;
}

/** Search knobs, all optional. */
export interface Tuning {
  /** Annealing start/end temperature as a fraction of the mean edge length of the first solution. */
  t0?: number;
  tf?: number;
  /** Start temperature when the first plan's routes are short (below the fleet squeeze's route length; 1.5); `t0` wins. */
  t0Short?: number;
  /** Average number of jobs removed per ruin. */
  cBar?: number;
  /** Longest string removed per route. */
  lMax?: number;
  blinkRate?: number;
  /** Probability per iteration of emptying a short route and refilling without opening a new one. */
  routeRemoval?: number;
  /** Probability per iteration of seeding a new route with the first re-inserted job. */
  routeOpening?: number;
  /** Recreate scans only routes holding one of a job's k nearest jobs (0 = all). */
  nearRoutesK?: number;
  /** Run the local search on every new best solution. */
  lsOnBest?: boolean;
  /** Largest share of elapsed time the local search on new bests may take. */
  lsShare?: number;
  /** Run the local search once more on the final best (default on). */
  finalLs?: boolean;
  /** Neighbours per job in the granular local search. */
  granularK?: number;
  /** Iterations without a new best before a fleet squeeze (one route fewer) is tried; 0 = never. */
  squeezeAfter?: number;
  /** Iterations a fleet squeeze attempt may take. */
  squeezeIters?: number;
  /** Keep the best plan of the larger fleet and go on from it when a squeeze from the best fails (search/sisr.ts). */
  fleetAlt?: boolean;
  /** Back to the best plan when this share of the budget passed without a new best (0 = never). */
  stallReset?: number;
  /** Annealing acceptance: each used route costs this multiple of the temperature (0 = off; search/sisr.ts). */
  routePen?: number;
  /** Independent chains from the start plan over the first `startsShare` of the budget (1 = one chain; search/sisr.ts). */
  starts?: number;
  startsShare?: number;
  /** The early chains' temperature factor: chain k runs at startsHeat^(starts − 1 − k) × the schedule (1 = off). */
  startsHeat?: number;
  /** Set-partitioning recombination over the accepted plans' routes within this share of the best (0 = off; search/sisr.ts). */
  spTol?: number;
  spNodes?: number;
  /** Recombinations during the run as well, evenly spaced (0 = at the end only; short routes, small fleet: 2). */
  spMid?: number;
  /**
   * Plans in the population search (search/population.ts), from the start of the search; below 2 one annealing
   * runs. Unset (the default): one annealing, which the gate (`popGate`) may hand over to a population of 4.
   */
  population?: number;
  /** The gate's threshold: expected ruin-and-recreate iterations per visit above which the population takes over (600). */
  popGate?: number;
  /** Share of the budget the population's first independent runs take together. */
  popInitShare?: number;
  /** Share of the budget each crossover child is annealed for. */
  popChildShare?: number;
  /** Starting temperature of a child's annealing, as a fraction of the mean edge. */
  popChildT0?: number;
}

/** Progress snapshot posted while solving. */
export interface Progress {
  iteration: number;
  elapsedMs: number;
  bestCost: number;
  unassigned: number;
}

/** Why a visit could not be planned, in terms a dispatcher understands. */
export type UnassignedCode =
  | 'NO_CREW_WITH_SKILL'
  | 'PINNED_CREW_UNKNOWN'
  | 'SLOT_OUTSIDE_EVERY_SHIFT'
  | 'EXCEEDS_CAPACITY'
  | 'MAX_VISITS_REACHED'
  | 'UNREACHABLE_IN_TIME'
  | 'NO_FEASIBLE_POSITION';

/** A visit left out, with the code of the reason (the server words it in the reader's language). */
export interface Unassigned {
  jobId: string;
  code: UnassignedCode;
}

/** One planned stop. */
export interface Stop {
  jobId: string;
  arrival: number;
  serviceStart: number;
  departure: number;
}

/** One crew's plan. */
export interface RoutePlan {
  vehicleId: string;
  stops: Stop[];
  breakStart?: number;
  start: number;
  end: number;
  duration: number;
  distance: number;
  travelDuration: number;
}

/** What the solver returns. */
export interface Solution {
  routes: RoutePlan[];
  unassigned: Unassigned[];
  cost: number;
  travelDuration: number;
  distance: number;
  iterations: number;
  elapsedMs: number;
}
