import { and, eq, isNull, lt, ne, sql } from 'drizzle-orm';
import { planRuns, users } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import type { Progress, Solution } from '../../solver/index';
import type { RunHead } from './planning.runs';

/**
 * SQL of the plan_runs table. Every "how long ago" is measured by the database's clock, so processes whose
 * clocks disagree still agree on which heartbeat is stale and which run has expired.
 */

const ms = (n: number) => sql`make_interval(secs => ${n / 1000})`;
/** Running, but its process has not written a heartbeat for `staleMs`. */
const staleSql = (staleMs: number) =>
  sql<boolean>`(${planRuns.state} = 'running' and ${planRuns.heartbeatAt} < now() - ${ms(staleMs)})`;

const headColumns = (staleMs: number) => ({
  id: planRuns.id,
  userId: planRuns.userId,
  teamId: planRuns.teamId,
  date: planRuns.planDate,
  fromNow: planRuns.fromNow,
  timeLimitMs: planRuns.timeLimitMs,
  state: planRuns.state,
  cancelled: planRuns.cancelRequested,
  progress: planRuns.progress,
  error: planRuns.error,
  solveMs: planRuns.solveMs,
  appliedAt: planRuns.appliedAt,
  elapsedMs: sql<number>`(extract(epoch from (coalesce(${planRuns.finishedAt}, now()) - ${planRuns.startedAt})) * 1000)::float8`,
  stale: staleSql(staleMs),
  waiting: sql<boolean>`(${planRuns.state} = 'running' and ${planRuns.workerId} is null)`,
});

/** A run's state and progress, without the problem it solved. */
export async function findRunHead(db: DbOrTx, id: string, staleMs: number): Promise<RunHead | null> {
  const [row] = await db.select(headColumns(staleMs)).from(planRuns).where(eq(planRuns.id, id));
  // state is one of RunHead's by construction (only this file writes it); progress is what beat() stored.
  return row
    ? ({ ...row, state: row.state as RunHead['state'], progress: row.progress as Progress | null } as RunHead)
    : null;
}

/** What the run solved (`input`) and its solution. */
export async function findRunPayload(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ input: planRuns.input, solution: planRuns.solution })
    .from(planRuns)
    .where(eq(planRuns.id, id));
  return row ? { input: row.input, solution: row.solution as Solution | null } : null;
}

/** Serialises starts of one team-day across processes until the transaction ends. */
export async function lockTeamDay(tx: DbOrTx, teamId: string, date: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`plan_runs:${teamId}:${date}`}, 0))`);
}

/** Marks runs whose process died as failed with `errorCode`: one run, or those of a team-day. */
export async function expireStaleRuns(
  db: DbOrTx,
  where: { id: string } | { teamId: string; date: string },
  staleMs: number,
  errorCode: string,
): Promise<void> {
  await db
    .update(planRuns)
    .set({ state: 'failed', error: errorCode, finishedAt: sql`now()` })
    .where(
      and(
        'id' in where
          ? eq(planRuns.id, where.id)
          : and(eq(planRuns.teamId, where.teamId), eq(planRuns.planDate, where.date)),
        staleSql(staleMs),
      ),
    );
}

/** The run of a team-day still solving, if any, with who started it. */
export async function findRunningRun(db: DbOrTx, teamId: string, date: string) {
  const [row] = await db
    .select({
      id: planRuns.id,
      userId: planRuns.userId,
      userName: users.displayName,
      fromNow: planRuns.fromNow,
      startedAt: planRuns.startedAt,
      jobs: sql<number>`(${planRuns.input}->>'jobs')::int`,
      vehicles: sql<number>`(${planRuns.input}->>'vehicles')::int`,
    })
    .from(planRuns)
    .innerJoin(users, eq(users.id, planRuns.userId))
    .where(and(eq(planRuns.teamId, teamId), eq(planRuns.planDate, date), eq(planRuns.state, 'running')))
    .limit(1);
  return row ?? null;
}

/**
 * Records a new run, waiting for a worker (no worker_id, no heartbeat: a waiting run is never stale, its
 * `plan.solve` job is in the queue, committed with this row).
 */
export async function insertRun(
  tx: DbOrTx,
  row: {
    userId: string;
    teamId: string;
    date: string;
    fromNow: boolean;
    timeLimitMs: number;
    input: Record<string, unknown>;
  },
): Promise<string> {
  const [out] = await tx
    .insert(planRuns)
    .values({
      userId: row.userId,
      teamId: row.teamId,
      planDate: row.date,
      fromNow: row.fromNow,
      timeLimitMs: row.timeLimitMs,
      state: 'running',
      input: row.input,
    })
    .returning({ id: planRuns.id });
  return out?.id ?? '';
}

/**
 * A worker takes a waiting run: from now on it is this worker's to solve (its heartbeat says it is alive).
 * False when the run is not waiting (taken by another worker, finished, swept).
 */
export async function claimRun(db: DbOrTx, id: string, workerId: string): Promise<boolean> {
  const rows = await db
    .update(planRuns)
    .set({ workerId, heartbeatAt: sql`now()` })
    .where(and(eq(planRuns.id, id), eq(planRuns.state, 'running'), isNull(planRuns.workerId)))
    .returning({ id: planRuns.id });
  return rows.length > 0;
}

/** Fails a run another worker had taken and never finished (its job expired and came back). */
export async function failTakenRun(db: DbOrTx, id: string, workerId: string, errorCode: string): Promise<boolean> {
  const rows = await db
    .update(planRuns)
    .set({ state: 'failed', error: errorCode, finishedAt: sql`now()` })
    .where(and(eq(planRuns.id, id), eq(planRuns.state, 'running'), ne(planRuns.workerId, workerId)))
    .returning({ id: planRuns.id });
  return rows.length > 0;
}

/**
 * Runs waiting for a worker across all processes, and the shortest time limit among those solving (the first
 * worker to free up is at most that far away).
 */
export async function queueLength(db: DbOrTx): Promise<{ waiting: number; shortestSolvingMs: number | null }> {
  const [row] = await db
    .select({
      waiting: sql<number>`(count(*) filter (where ${planRuns.workerId} is null))::int`,
      shortestSolvingMs: sql<
        number | null
      >`min(${planRuns.timeLimitMs}) filter (where ${planRuns.workerId} is not null)`,
    })
    .from(planRuns)
    .where(eq(planRuns.state, 'running'));
  return { waiting: row?.waiting ?? 0, shortestSolvingMs: row?.shortestSolvingMs ?? null };
}

/** The solving process's tick: progress and heartbeat. Null when the run is no longer this worker's to solve. */
export async function beat(
  db: DbOrTx,
  id: string,
  workerId: string,
  progress: Progress | null,
): Promise<{ cancelRequested: boolean } | null> {
  const [row] = await db
    .update(planRuns)
    .set({ heartbeatAt: sql`now()`, ...(progress ? { progress: { ...progress } } : {}) })
    .where(and(eq(planRuns.id, id), eq(planRuns.workerId, workerId), eq(planRuns.state, 'running')))
    .returning({ cancelRequested: planRuns.cancelRequested });
  return row ?? null;
}

/** The end of a solve: done with a solution, or failed with an error. False when the run was no longer ours. */
export async function finishRun(
  db: DbOrTx,
  id: string,
  workerId: string,
  end:
    | { state: 'done'; solution: Solution; solveMs: number; progress: Progress | null }
    | { state: 'failed'; error: string },
): Promise<boolean> {
  const set =
    end.state === 'done'
      ? {
          state: end.state,
          solution: { ...end.solution },
          solveMs: end.solveMs,
          ...(end.progress ? { progress: { ...end.progress } } : {}),
        }
      : { state: end.state, error: end.error };
  const rows = await db
    .update(planRuns)
    .set({ ...set, heartbeatAt: sql`now()`, finishedAt: sql`now()` })
    .where(and(eq(planRuns.id, id), eq(planRuns.workerId, workerId), eq(planRuns.state, 'running')))
    .returning({ id: planRuns.id });
  return rows.length > 0;
}

/** Asks the solving process, whichever it is, to stop at its next tick. */
export async function requestCancel(db: DbOrTx, id: string): Promise<void> {
  await db
    .update(planRuns)
    .set({ cancelRequested: true })
    .where(and(eq(planRuns.id, id), eq(planRuns.state, 'running')));
}

/** Locks the run for applying it; its `appliedAt` (undefined when the run is gone). */
export async function lockRunForApply(tx: DbOrTx, id: string): Promise<Date | null | undefined> {
  const [row] = await tx
    .select({ appliedAt: planRuns.appliedAt })
    .from(planRuns)
    .where(eq(planRuns.id, id))
    .for('update');
  return row?.appliedAt;
}

export async function markApplied(tx: DbOrTx, id: string, at: Date): Promise<void> {
  await tx.update(planRuns).set({ appliedAt: at }).where(eq(planRuns.id, id));
}

/** Deletes runs started more than `maxAgeMs` ago (a preview is short-lived by nature). */
export async function sweepRuns(db: DbOrTx, maxAgeMs: number): Promise<void> {
  await db.delete(planRuns).where(lt(planRuns.startedAt, sql`now() - ${ms(maxAgeMs)}`));
}
