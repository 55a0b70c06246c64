import { addDays } from '@shared/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, trpc } from './helpers/trpc-http';
import { startTwoServers, type TwoServers } from './helpers/two-servers';

interface PlanStatus {
  state: 'running' | 'done' | 'failed';
  cancelled: boolean;
  error: string | null;
  solveMs: number | null;
  progress: { iteration: number } | null;
  applied: boolean;
  preview: { crews: Array<{ crewId: string; stops: Array<{ visitId: string }> }> } | null;
}

describe('an auto-plan across two server processes on one PostgreSQL database', () => {
  let two: TwoServers;
  let onA: Session;
  let onB: Session;
  let teamId: string;

  beforeAll(async () => {
    two = await startTwoServers('doorstep_plan');
    ({ onA, onB, teamId } = two);
  }, 180_000);

  afterAll(async () => {
    await two?.stop();
  });

  const status = (s: Session, runId: string) => trpc<PlanStatus>(s, 'GET', 'planning.status', { runId });

  it('started on A, cancelled and polled to done on B, applied on B: A sees the assignments', async () => {
    // Two days after the seeded day, not the wall clock's (a run may cross midnight in Shanghai after the seeding).
    const date = addDays(two.servers[0].seedDate, 2);
    const timeLimitMs = 30_000;
    const started = await trpc<{ runId: string; jobs: number }>(onA, 'POST', 'planning.start', {
      teamId,
      date,
      timeLimitMs,
    });
    expect(started.jobs).toBeGreaterThan(0);

    // B reports A's progress while it solves.
    let s = await status(onB, started.runId);
    for (let i = 0; i < 200 && s.state === 'running' && !s.progress?.iteration; i++) {
      await new Promise((r) => setTimeout(r, 100));
      s = await status(onB, started.runId);
    }
    expect(s.state).toBe('running');
    expect(s.progress?.iteration).toBeGreaterThan(0);

    // B cancels: A stops its solver and the best plan so far becomes the preview.
    await trpc(onB, 'POST', 'planning.cancel', { runId: started.runId });
    for (let i = 0; i < 300 && s.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      s = await status(onB, started.runId);
    }
    expect(s).toMatchObject({ state: 'done', cancelled: true, error: null, applied: false });
    expect(s.solveMs).toBeLessThan(timeLimitMs);
    const planned = s.preview?.crews.flatMap((c) => c.stops.map((x) => x.visitId)) ?? [];
    expect(planned.length).toBeGreaterThan(0);

    const applied = await trpc<{ assigned: number }>(onB, 'POST', 'planning.commit', {
      runId: started.runId,
      idempotencyKey: `e2e-plan-${started.runId}`,
    });
    expect(applied.assigned).toBe(planned.length);
    expect((await status(onA, started.runId)).applied).toBe(true);

    const board = await trpc<{ visits: Array<{ id: string; status: string; crewId: string | null }> }>(
      onA,
      'GET',
      'dispatch.day',
      { teamId, date },
    );
    const assigned = board.visits.filter((v) => v.status === 'assigned').map((v) => v.id);
    expect(assigned.sort()).toEqual([...planned].sort());
  });
});
