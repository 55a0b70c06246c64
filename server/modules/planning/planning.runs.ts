import type { PolicyForRules } from '../../../shared/rules/placement';
import type { Progress, Solution } from '../../solver/index';
import type { CrewFacts } from '../teams/crews.service';
import type { PrecheckCode } from './planning.problem';
import type { PlanVisit } from './planning.repo';

/**
 * An auto-plan run as its plan_runs row tells it. The row, not the process that solves it, is the run: any app
 * process reports its progress, cancels it or applies it.
 */
export interface RunHead {
  id: string;
  userId: string;
  teamId: string;
  date: string;
  fromNow: boolean;
  timeLimitMs: number;
  state: 'running' | 'done' | 'failed';
  cancelled: boolean;
  progress: Progress | null;
  /** An error code (shared/error-defs) or the solver's own message. */
  error: string | null;
  /** Wall-clock milliseconds from start to a plan (problem building excluded). */
  solveMs: number | null;
  appliedAt: Date | null;
  /** Since the start, by the database's clock (every process reads the same one). */
  elapsedMs: number;
  /** Running, but its process has not said so for too long: it died. */
  stale: boolean;
  /** Running, but no worker has taken it yet: its job waits in the queue for a free planner. */
  waiting: boolean;
}

/** What the preview and apply need besides the solution: the day as the solver saw it. */
export interface RunFacts {
  timeZone: string;
  /** Seconds of the solver clock are counted from this instant (local midnight of the day). */
  baseMs: number;
  /** Size of the problem solved, as `planning.start` reports it. */
  jobs: number;
  vehicles: number;
  crews: CrewFacts[];
  visits: PlanVisit[];
  /** The instant the day was planned as it stood (ctx.now() at start): what was frozen, past or still open. */
  nowMs: number;
  excludedVisits: Array<{ visitId: string; code: PrecheckCode }>;
  excludedCrews: Array<{ crewId: string; code: PrecheckCode }>;
}

/** A finished (or finishing) run with everything the preview and apply read. */
export type PlanRun = RunHead & RunFacts & { solution: Solution | null };

/**
 * The facts as the row's `input` JSON (dates become ISO strings), with the policy the problem was built with:
 * the worker that takes the run rebuilds the very same problem from them (buildProblem is a pure function).
 */
export function encodeFacts(facts: RunFacts, policy: PolicyForRules): Record<string, unknown> {
  return { ...facts, policy: { ...policy } };
}

/** The policy recorded with the run's facts (encodeFacts). */
export function decodePolicy(json: Record<string, unknown>): PolicyForRules {
  return json.policy as PolicyForRules;
}

const at = (value: unknown): Date | null => (value == null ? null : new Date(value as string));
const atNotNull = (value: unknown): Date => new Date(value as string);

/** The facts back from the row's `input`, with the dates the rules compare as Date again. */
export function decodeFacts(json: Record<string, unknown>): RunFacts {
  const facts = json as unknown as RunFacts;
  return {
    ...facts,
    // A run recorded before `nowMs` existed planned the day from its start.
    nowMs: facts.nowMs ?? 0,
    crews: facts.crews.map((c) => ({
      ...c,
      members: c.members.map((m) => ({
        ...m,
        shiftStart: at(m.shiftStart),
        shiftEnd: at(m.shiftEnd),
        breakStart: at(m.breakStart),
        breakEnd: at(m.breakEnd),
      })),
    })),
    visits: facts.visits.map((v) => ({
      ...v,
      plannedArrival: at(v.plannedArrival),
      checkInAt: at(v.checkInAt),
      checkOutAt: at(v.checkOutAt),
      slotStart: atNotNull(v.slotStart),
      slotEnd: atNotNull(v.slotEnd),
      agreedAt: atNotNull(v.agreedAt),
    })),
  };
}
