import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../server/db/client';
import { rowsOf } from '../../server/db/rows';
import { jobsFor } from '../../server/modules/jobs/queue';
import { PoolWarmUp, WARM_UP_ROUNDS, type WarmUpDeps } from '../../server/ops/warmup';
import { createTestDb, TEST_DB_KIND, testEnv } from './helpers/db';
import { seedDemoUsers } from './helpers/demo';
import { HTTP_APP_SECRET, httpApp } from './helpers/http-app';

/** Every row of every table of the app's schema, as one fingerprint per table. */
async function fingerprint(handle: DbHandle): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string }>(
    await handle.db.execute(
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = rowsOf<{ n: string; h: string | null }>(
      await handle.db.execute(
        sql.raw(`select count(*)::text as n, md5(string_agg(t::text, ',' order by t::text)) as h from "${name}" t`),
      ),
    );
    out[name] = `${row?.n}:${row?.h}`;
  }
  return out;
}

describe('the start warms the database connections (ops/warmup.ts)', () => {
  let handle: DbHandle;
  let app: FastifyInstance;
  const deps = (over: Partial<WarmUpDeps> = {}): WarmUpDeps => ({
    db: handle.db,
    reportsDb: handle.reportsDb,
    env: testEnv,
    log: pino({ level: 'silent' }),
    sessionSecret: HTTP_APP_SECRET,
    connections: handle.connections,
    reportsConnections: handle.reportsConnections,
    ...over,
  });
  const readyz = async (warmUp: PoolWarmUp) => {
    const probeApp = await httpApp(handle, { warmUp });
    try {
      return await probeApp.inject({ method: 'GET', url: '/readyz' });
    } finally {
      await probeApp.close();
    }
  };

  beforeAll(async () => {
    handle = await createTestDb();
    await seedDemoUsers(handle);
    app = await httpApp(handle);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await jobsFor(handle.db).stop();
    await handle?.close();
  });

  it('plays the hot reads on every connection, a visit write on each, and writes nothing', async () => {
    const before = await fingerprint(handle);
    const warmUp = new PoolWarmUp();
    const running = warmUp.run(deps({ app }));
    // Not ready while it runs: the load balancer keeps the traffic away from a cold process.
    expect(warmUp.warming).toBe(true);
    const during = await readyz(warmUp);
    expect(during.statusCode).toBe(503);
    expect(during.json()).toMatchObject({ status: 'not ready', notReady: ['warm-up'] });
    expect(during.json().checks.warmUp).toBe('warming up');

    const report = await running;
    expect(report.error).toBeUndefined();
    expect(report.outcome).toBe('done');
    // field.today, dispatch.day, the worklist and its search, each round, on each connection; then the reports.
    const reportsConnections = TEST_DB_KIND === 'postgres' ? handle.reportsConnections : 1;
    expect(report.calls).toBe(handle.connections * WARM_UP_ROUNDS * 4 + reportsConnections * 2);
    expect(report.writesRolledBack).toBe(handle.connections);
    expect(report.connectionsWarmed).toBe(handle.connections + reportsConnections);
    expect(await fingerprint(handle)).toEqual(before);

    const after = await readyz(warmUp);
    expect(after.statusCode).toBe(200);
    expect(after.json().checks.warmUp).toBe('ok');
    if (TEST_DB_KIND === 'postgres') {
      // Both pools opened every connection they may have.
      const [open] = rowsOf<{ n: number }>(
        await handle.db.execute(
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
        ),
      );
      expect(open?.n).toBeGreaterThanOrEqual(handle.connections + handle.reportsConnections);
    }
  }, 120_000);

  it('ends, without throwing, when the database refuses connections; readiness then says so', async () => {
    // Nothing listens on port 9: every connection is refused (the same whether the suite runs on PGlite or not).
    const refusing = await openDb({
      databaseUrl: 'postgres://postgres:postgres@127.0.0.1:9/nowhere',
      dataDir: 'unused',
    });
    try {
      const warmUp = new PoolWarmUp();
      const report = await warmUp.run(
        deps({ db: refusing.db, reportsDb: refusing.reportsDb, connections: refusing.connections }),
      );
      expect(report.outcome).toBe('failed');
      expect(report.error).toBeDefined();
      expect(report.calls).toBe(0);
      expect(warmUp.warming).toBe(false);
      expect(warmUp.describe()).toMatch(/^failed after \d+ ms \(serving cold\)$/);
      // Readiness no longer waits for it: the answer is the database's own checks (here: the test's, which answers).
      const res = await readyz(warmUp);
      expect(res.statusCode).toBe(200);
      expect(res.json().checks.warmUp).toMatch(/^failed after/);
    } finally {
      await refusing.close();
    }
  }, 60_000);

  it('gives up at its limit when the database stalls, and the process is ready (cold) at once', async () => {
    const before = await fingerprint(handle);
    // A transaction that holds the users table (PGlite: the one connection) until released.
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const holder = handle.db.transaction(async (tx) => {
      await tx.execute(sql`lock table users in access exclusive mode`);
      locked();
      await released;
    });
    await isLocked;
    const warmUp = new PoolWarmUp();
    try {
      const report = await warmUp.run(deps({ limitMs: 300 }));
      expect(report.outcome).toBe('cut short');
      expect(report.calls).toBe(0);
      expect(warmUp.warming).toBe(false);
      expect(warmUp.describe()).toMatch(/^cut short after \d+ ms \(serving cold\)$/);
    } finally {
      release();
      await holder;
    }
    // What was still waiting stops at its next step and rolls back.
    await warmUp.finished;
    expect(await fingerprint(handle)).toEqual(before);
    const res = await readyz(new PoolWarmUp());
    expect(res.statusCode).toBe(200);
  }, 60_000);
});
