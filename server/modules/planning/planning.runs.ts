import { randomUUID } from 'node:crypto';
import type { LatLng } from '../../../shared/geo';
import type { SolverRun } from '../../routing/index';
import type { Progress, Solution } from '../../solver/index';
import type { CrewFacts } from '../teams/crews.repo';
import type { PrecheckCode } from './planning.problem';
import type { PlanVisit } from './planning.repo';

/** One auto-plan of a team-day, kept in memory until applied or expired (a preview is short-lived by nature). */
export interface PlanRun {
  id: string;
  userId: string;
  teamId: string;
  date: string;
  timeZone: string;
  fromNow: boolean;
  timeLimitMs: number;
  startedAt: number;
  state: 'running' | 'done' | 'failed';
  cancelled: boolean;
  progress: Progress | null;
  solver: SolverRun;
  solution: Solution | null;
  error: string | null;
  baseMs: number;
  crews: CrewFacts[];
  visits: PlanVisit[];
  /** Where each crew starts in the preview's before/after totals. */
  startPlaces: Map<string, LatLng>;
  excludedVisits: Array<{ visitId: string; code: PrecheckCode }>;
  excludedCrews: Array<{ crewId: string; code: PrecheckCode }>;
  /** Wall-clock milliseconds from start to a plan (problem building excluded). */
  solveMs: number | null;
  appliedAt: number | null;
}

const TTL_MS = 30 * 60_000;
const runs = new Map<string, PlanRun>();

function sweep(now: number) {
  for (const [id, r] of runs) if (now - r.startedAt > TTL_MS) runs.delete(id);
}

export function saveRun(run: Omit<PlanRun, 'id'>): PlanRun {
  sweep(Date.now());
  const full = { ...run, id: randomUUID() };
  runs.set(full.id, full);
  return full;
}

export function getRun(id: string): PlanRun | undefined {
  return runs.get(id);
}
