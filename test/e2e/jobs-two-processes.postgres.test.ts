/**
 * Two real server processes on one PostgreSQL database share the job queue (issue #16, Done when): auto-plan runs
 * started through process A are solved by whichever process takes their `plan.solve` job — each at most
 * MAX_SOLVING_PER_PROCESS at a time, so 2 × that many runs at once keep both busy — and one is applied through B.
 */
import { execFileSync } from 'node:child_process';
import { addDays } from '@shared/time';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOLVING_PER_PROCESS } from '../../server/modules/planning/planning.worker';
import type { TestServer } from './helpers/server';
import { type Session, trpc } from './helpers/trpc-http';
import { startTwoServers, type TwoServers } from './helpers/two-servers';

interface PlanStatus {
  state: 'running' | 'done' | 'failed';
  waiting: boolean;
  preview: { crews: Array<{ crewId: string; stops: Array<{ visitId: string }> }> } | null;
}

/** A process and its descendants (from sources, tsx runs the server in a child of the process it was started as). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    // ps exits 1 when there are none.
  }
  return [pid, ...children.flatMap(processTree)];
}

describe('two server processes on one PostgreSQL database share the job queue', () => {
  let two: TwoServers;
  let servers: TestServer[] = [];
  let db: pg.Client;
  let onA: Session;
  let onB: Session;
  let teamId: string;

  beforeAll(async () => {
    two = await startTwoServers('doorstep_jobs');
    ({ servers, onA, onB, teamId } = two);
    db = new pg.Client({ connectionString: two.databaseUrl });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await two?.stop();
  });

  const status = (s: Session, runId: string) => trpc<PlanStatus>(s, 'GET', 'planning.status', { runId });
  /** Which of the two servers solves a run: the pid in its worker_id (host:pid:random). */
  const solverOf = async (runId: string) => {
    const { rows } = await db.query<{ worker_id: string | null }>('select worker_id from plan_runs where id = $1', [
      runId,
    ]);
    const pid = Number(rows[0]?.worker_id?.split(':')[1]);
    return servers.findIndex((s) => processTree(s.pid ?? 0).includes(pid));
  };

  it('runs started through A are solved by both processes, and one is applied through B', async () => {
    // The seeded day, not the wall clock's (a run may cross midnight in Shanghai after the seeding).
    const today = two.servers[0].seedDate;
    const count = 2 * MAX_SOLVING_PER_PROCESS;
    const started: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = await trpc<{ runId: string }>(onA, 'POST', 'planning.start', {
        teamId,
        date: addDays(today, 1 + i),
        timeLimitMs: 30_000,
      });
      started.push(r.runId);
    }
    // Each process takes at most MAX_SOLVING_PER_PROCESS: once all are taken, both processes are solving.
    for (let i = 0; i < 600; i++) {
      const waiting = await Promise.all(started.map(async (id) => (await status(onB, id)).waiting));
      if (!waiting.some(Boolean)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const solvers = await Promise.all(started.map(solverOf));
    expect(solvers.filter((s) => s === 0)).toHaveLength(MAX_SOLVING_PER_PROCESS);
    expect(solvers.filter((s) => s === 1)).toHaveLength(MAX_SOLVING_PER_PROCESS);
    const { rows: jobs } = await db.query<{ state: string }>(
      `select state::text as state from pgboss.job where name = 'plan.solve' and data->>'runId' = any($1)`,
      [started],
    );
    expect(jobs.map((j) => j.state)).toEqual(started.map(() => 'active'));

    // Stopped early through B (the best plan so far is the preview), each run wherever it solves.
    for (const runId of started) await trpc(onB, 'POST', 'planning.cancel', { runId });
    const done: PlanStatus[] = [];
    for (const runId of started) {
      let s = await status(onB, runId);
      for (let i = 0; i < 300 && s.state === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        s = await status(onB, runId);
      }
      expect(s.state).toBe('done');
      done.push(s);
    }

    // The first run that process A solved, applied through process B.
    const index = solvers.indexOf(0);
    const runId = started[index] as string;
    const planned = done[index]?.preview?.crews.flatMap((c) => c.stops.map((x) => x.visitId)) ?? [];
    expect(planned.length).toBeGreaterThan(0);
    const applied = await trpc<{ assigned: number }>(onB, 'POST', 'planning.commit', {
      runId,
      idempotencyKey: `e2e-jobs-${runId}`,
    });
    expect(applied.assigned).toBe(planned.length);
    const board = await trpc<{ visits: Array<{ id: string; status: string }> }>(onA, 'GET', 'dispatch.day', {
      teamId,
      date: addDays(today, 1 + index),
    });
    expect(
      board.visits
        .filter((v) => v.status === 'assigned')
        .map((v) => v.id)
        .sort(),
    ).toEqual([...planned].sort());
  }, 180_000);
});
