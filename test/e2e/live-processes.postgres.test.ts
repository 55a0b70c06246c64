import { randomBytes, randomUUID } from 'node:crypto';
import { DEMO_USERS } from '@shared/demo';
import { addDays } from '@shared/time';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_CHANNEL, type LiveEvent } from '../../server/modules/live/live.bus';
import { createDemoScratchDatabase } from '../helpers/demo-template';
import type { createScratchDatabase } from '../helpers/scratch-database';
import { startServer, type TestServer } from './helpers/server';
import { type Session, signIn, trpc } from './helpers/trpc-http';

/** What one subscriber of `live.team` has heard so far, read from the server-sent event stream. */
interface Watcher {
  events: LiveEvent[];
  /** Resolves with the first event (heard before or after the call) that matches, or fails after `timeoutMs`. */
  next: (match: (e: LiveEvent) => boolean, timeoutMs: number) => Promise<LiveEvent>;
  close: () => void;
}

async function watch(s: Session, teamId: string): Promise<Watcher> {
  const abort = new AbortController();
  const res = await fetch(`${s.baseUrl}/trpc/live.team?input=${encodeURIComponent(JSON.stringify({ teamId }))}`, {
    headers: { cookie: s.cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const events: LiveEvent[] = [];
  const waiting = new Set<() => void>();
  const read = async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        // Frames with an `event:` line are tRPC's own (connected, ping, return); data frames are the events.
        if (lines.some((l) => l.startsWith('event:'))) continue;
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
        if (data.length) {
          events.push(JSON.parse(data.join('\n')) as LiveEvent);
          for (const wake of waiting) wake();
        }
      }
    }
  };
  read().catch((err) => {
    if (!abort.signal.aborted) throw err;
  });
  const next = async (match: (e: LiveEvent) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching live event within ${timeoutMs} ms; heard ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiting.add(wake);
      });
    }
  };
  return { events, next, close: () => abort.abort() };
}

const about = (action: string, visitId: string) => (e: LiveEvent) => e.action === action && e.entityId === visitId;

describe('live board updates across two server processes on one PostgreSQL database', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let observer: pg.Client;
  const servers: TestServer[] = [];
  const watchers: Watcher[] = [];
  let teamId: string;
  let admin: Session;
  let dispatcher: Session;
  let onA: Watcher;
  let onB: Watcher;

  /**
   * Announces an event on the channel itself, as a third process would, until `w` hears it: proves that the
   * watcher's server LISTENs now (the audit-log fallback cannot deliver it: no change, no audit entry).
   */
  async function heardThroughListen(w: Watcher, timeoutMs: number) {
    const probe = randomUUID();
    const event = { teamId, action: 'probe', entityType: 'probe', entityId: probe, at: new Date().toISOString() };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await observer.query('select pg_notify($1, $2)', [LIVE_CHANNEL, JSON.stringify(event)]);
      try {
        return await w.next((e) => e.entityId === probe, 500);
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  }

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('*.postgres.test.ts files run only with TEST_DATABASE_URL (see vitest.config.ts)');
    scratch = await createDemoScratchDatabase(serverUrl, 'doorstep_live');
    observer = new pg.Client({ connectionString: scratch.url });
    await observer.connect();
    // Two processes behind one address share the session key, as a deployment of several would.
    const env = { SESSION_SECRET: randomBytes(24).toString('hex') };
    // One after the other on a copy of the demo template: neither has anything to migrate or seed.
    servers.push(await startServer({ databaseUrl: scratch.url, env }));
    servers.push(await startServer({ databaseUrl: scratch.url, env }));
    const [a, b] = servers as [TestServer, TestServer];
    admin = await signIn(a.baseUrl, DEMO_USERS.admin);
    dispatcher = await signIn(b.baseUrl, DEMO_USERS.dispatcher);
    teamId = dispatcher.teamIds[0] as string;
    onA = await watch(admin, teamId);
    onB = await watch(dispatcher, teamId);
    watchers.push(onA, onB);
    await Promise.all([heardThroughListen(onA, 20_000), heardThroughListen(onB, 20_000)]);
  }, 180_000);

  afterAll(async () => {
    for (const w of watchers) w.close();
    await Promise.all(servers.map((s) => s.stop()));
    await observer?.end();
    await scratch?.drop();
  });

  /** Visits of the team tomorrow that sit in a crew's route, as the dispatcher's board lists them. */
  async function assignedTomorrow(s: Session) {
    // The seeded day's tomorrow, not the wall clock's (a run may cross midnight in Shanghai after the seeding).
    const date = addDays((servers[0] as TestServer).seedDate, 1);
    const board = await trpc<{ visits: { id: string; status: string; version: number; pinned: boolean }[] }>(
      s,
      'GET',
      'dispatch.day',
      {
        teamId,
        date,
      },
    );
    return board.visits.filter((v) => v.status === 'assigned');
  }

  it("a change through one process reaches the other's watcher once, in both directions", async () => {
    const [visit] = await assignedTomorrow(dispatcher);
    if (!visit) throw new Error('the seed has no assigned visit tomorrow');

    // B: the dispatcher pins a visit → A's watcher (the admin) hears it.
    const pinned = await trpc<{ version: number }>(dispatcher, 'POST', 'dispatch.setPinned', {
      visitId: visit.id,
      pinned: true,
      version: visit.version,
      idempotencyKey: `live-pin-${visit.id}`,
    });
    expect(await onA.next(about('visit.pin', visit.id), 15_000)).toMatchObject({ teamId, entityType: 'visit' });

    // A: the admin takes it off its crew → B's watcher hears that.
    await trpc(admin, 'POST', 'dispatch.unassign', {
      visitId: visit.id,
      version: pinned.version,
      idempotencyKey: `live-unassign-${visit.id}`,
    });
    expect(await onB.next(about('visit.unassign', visit.id), 15_000)).toMatchObject({ teamId, entityType: 'visit' });
    await onA.next(about('visit.unassign', visit.id), 15_000);
    await onB.next(about('visit.pin', visit.id), 15_000);

    // Past the audit-log fallback's next rounds: every watcher heard each change once, not once per path.
    await new Promise((r) => setTimeout(r, 3000));
    for (const w of [onA, onB]) {
      expect(w.events.filter(about('visit.pin', visit.id))).toHaveLength(1);
      expect(w.events.filter(about('visit.unassign', visit.id))).toHaveLength(1);
    }
  });

  it('a process whose LISTEN connection was cut listens again and its watcher keeps hearing changes', async () => {
    const cut = await observer.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen %'`,
    );
    expect(cut.rowCount).toBe(2);
    await Promise.all([heardThroughListen(onA, 30_000), heardThroughListen(onB, 30_000)]);

    const [visit] = await assignedTomorrow(dispatcher);
    if (!visit) throw new Error('the seed has no assigned visit tomorrow');
    await trpc(dispatcher, 'POST', 'dispatch.setPinned', {
      visitId: visit.id,
      pinned: true,
      version: visit.version,
      idempotencyKey: `live-pin-again-${visit.id}`,
    });
    await onA.next(about('visit.pin', visit.id), 15_000);
  });

  it('a process keeps serving after PostgreSQL ends every connection it holds (restart, failover)', async () => {
    // Traffic first, so both pools hold idle connections when the server ends them.
    await Promise.all([assignedTomorrow(admin), assignedTomorrow(dispatcher)]);
    const cut = await observer.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    );
    expect(cut.rowCount).toBeGreaterThanOrEqual(4);
    await new Promise((r) => setTimeout(r, 1000));

    // Both processes are still up and answer from new connections; live updates resume.
    const [visit] = await assignedTomorrow(dispatcher);
    expect((await assignedTomorrow(admin)).length).toBeGreaterThan(0);
    if (!visit) throw new Error('the seed has no assigned visit tomorrow');
    await Promise.all([heardThroughListen(onA, 30_000), heardThroughListen(onB, 30_000)]);
    const heardBefore = onB.events.length;
    await trpc(admin, 'POST', 'dispatch.setPinned', {
      visitId: visit.id,
      pinned: !visit.pinned,
      version: visit.version,
      idempotencyKey: `live-after-restart-${visit.id}`,
    });
    const action = visit.pinned ? 'visit.unpin' : 'visit.pin';
    await onB.next((e) => onB.events.indexOf(e) >= heardBefore && about(action, visit.id)(e), 15_000);
  });
});
