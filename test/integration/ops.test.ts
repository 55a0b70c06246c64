import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { loadEnv } from '../../server/env';
import { buildHttpServer } from '../../server/http';
import { jobsFor, startJobs } from '../../server/modules/jobs/queue';
import { checkReadiness } from '../../server/ops/readiness';
import { createTestDb, TEST_DB_KIND, testEnv } from './helpers/db';

// A client on the internet, a scraper inside the deployment, and a reverse proxy on this host.
const INTERNET = '203.0.113.9';
const PRIVATE_SCRAPER = '10.1.2.3';
const LOCAL_PROXY = '127.0.0.1';

describe('operations: liveness, readiness and metrics', () => {
  let handle: DbHandle;
  const apps: FastifyInstance[] = [];
  const build = async (opts: { worksJobs?: boolean; env?: Record<string, string> } = {}) => {
    const app = await buildHttpServer({
      db: handle.db,
      dbKind: handle.kind,
      env: opts.env ? loadEnv({ DATA_DIR: '/tmp/doorstep-test', LOG_LEVEL: 'silent', ...opts.env }) : testEnv,
      log: pino({ level: 'silent' }),
      sessionSecret: 'ops-test-secret-0123456789',
      clientDir: '/nonexistent',
      worksJobs: opts.worksJobs ?? false,
    });
    apps.push(app);
    return app;
  };
  const metricsText = async (app: FastifyInstance) => {
    const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: LOCAL_PROXY });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  /** The value of one sample line of the exposition (0 when the series does not exist yet). */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  beforeAll(async () => {
    handle = await createTestDb();
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await jobsFor(handle.db).stop();
    await handle?.close();
  });

  it('is live and ready with the database answering and every migration applied', async () => {
    const app = await build();
    const live = await app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok', database: TEST_DB_KIND });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      database: TEST_DB_KIND,
      checks: {
        database: 'ok',
        migrations: 'ok',
        jobs: 'not worked by this process',
        warmUp: 'not run by this process',
      },
    });
  });

  it('is not ready, naming the migration, while one this code ships is not applied to the database', async () => {
    const app = await build();
    const [last] = (
      (await handle.db.execute(
        sql`select id, hash, created_at::text as at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
      )) as unknown as { rows: Array<{ id: number; hash: string; at: string }> }
    ).rows;
    expect(last).toBeDefined();
    await handle.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last?.id}`);
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.json().status).toBe('not ready');
      expect(res.json().notReady).toEqual(['migrations']);
      expect(res.json().checks.migrations).toMatch(/^not applied: \d{4}_[a-z_]+$/);
      // Alive all the same: restarting would not apply it.
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await handle.db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last?.id}, ${last?.hash}, ${last?.at})`,
      );
    }
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('gives up on a database that does not answer within the bound, and says so', async () => {
    // Every connection busy: PGlite's one held by a transaction, PostgreSQL's pool of 10 all in transactions.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = 0;
    const connections = handle.kind === 'pglite' ? 1 : 10;
    const busy = Array.from({ length: connections }, () =>
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        holding++;
        await held;
      }),
    );
    try {
      await vi.waitFor(() => expect(holding).toBe(connections), { timeout: 30_000 });
      const verdict = await checkReadiness({ db: handle.db, worksJobs: false, probeTimeoutMs: 300 });
      expect(verdict.ready).toBe(false);
      expect(verdict.notReady).toEqual(['database']);
      expect(verdict.checks.database).toBe('no answer within 300 ms');
    } finally {
      release();
      await Promise.all(busy);
    }
    expect((await checkReadiness({ db: handle.db, worksJobs: false })).ready).toBe(true);
  });

  it('is not ready while the job queue this process should work is stopped', async () => {
    const app = await build({ worksJobs: true });
    const stopped = await app.inject({ method: 'GET', url: '/readyz' });
    expect(stopped.statusCode).toBe(503);
    expect(stopped.json().notReady).toEqual(['jobs']);
    expect(stopped.json().checks.jobs).toBe('stopped');
    await startJobs(handle.db, pino({ level: 'silent' }), async () => {});
    const working = await app.inject({ method: 'GET', url: '/readyz' });
    expect(working.statusCode).toBe(200);
    expect(working.json().checks.jobs).toBe('ok');
    await jobsFor(handle.db).stop();
  });

  it('times each procedure of a batch once, by procedure and status class', async () => {
    const app = await build();
    const me = 'doorstep_trpc_procedure_duration_seconds_count{procedure="auth.me",type="query",status="2xx"}';
    const teams = 'doorstep_trpc_procedure_duration_seconds_count{procedure="teams.list",type="query",status="4xx"}';
    const before = await metricsText(app);
    // One batched GET of two queries: signed out, teams.list is refused (401) and auth.me answers null.
    const res = await app.inject({ method: 'GET', url: '/trpc/auth.me,teams.list?batch=1&input=%7B%7D' });
    expect(res.statusCode).toBe(207);
    const after = await metricsText(app);
    expect(sample(after, me) - sample(before, me)).toBe(1);
    expect(sample(after, teams) - sample(before, teams)).toBe(1);
    expect(after).toContain('doorstep_trpc_procedure_duration_seconds_bucket{le="0.05",procedure="auth.me"');
    const http = 'doorstep_http_request_duration_seconds_count{method="GET",route="/trpc/:path",status="2xx"}';
    expect(sample(after, http)).toBeGreaterThanOrEqual(1);
    // An unknown procedure is not a new series: the label stays within the router's paths.
    await app.inject({ method: 'GET', url: '/trpc/no.such.thing%3Cscript%3E?input=%7B%7D' });
    expect(await metricsText(app)).not.toMatch(/no\.such\.thing|<script/);
  });

  it('reports the job queue depth read at scrape time, the planning counters and process metrics', async () => {
    const app = await build();
    const jobs = jobsFor(handle.db);
    const waiting = 'doorstep_job_queue_depth{queue="message.reminders",state="created"}';
    const before = sample(await metricsText(app), waiting);
    await jobs.send(handle.db, 'message.reminders', {});
    const text = await metricsText(app);
    expect(sample(text, waiting)).toBe(before + 1);
    expect(sample(text, 'doorstep_job_queue_depth_up')).toBe(1);
    expect(text).toContain('doorstep_job_queue_depth{queue="plan.solve",state="active"} 0');
    expect(text).toContain('# TYPE doorstep_plan_runs_started_total counter');
    expect(text).toContain('# TYPE doorstep_plan_runs_failed_total counter');
    expect(text).toContain('# TYPE doorstep_plan_run_duration_seconds histogram');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('shows metrics to private callers only, judged by the address a trusted proxy forwarded', async () => {
    const app = await build();
    const get = (remoteAddress: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
    expect((await get(PRIVATE_SCRAPER)).statusCode).toBe(200);
    expect((await get('::1')).statusCode).toBe(200);
    expect((await get('::ffff:192.168.1.20')).statusCode).toBe(200);
    const outside = await get(INTERNET);
    expect(outside.statusCode).toBe(404);
    expect(outside.body).not.toMatch(/doorstep_|process_/);
    const browser = await get(INTERNET, { accept: 'text/html' });
    expect(browser.statusCode).toBe(404);
    expect(browser.body).not.toMatch(/doorstep_|process_/);
    expect((await get('2001:db8::1')).statusCode).toBe(404);
    // Through the reverse proxy on this host, the client is the one it forwarded.
    expect((await get(LOCAL_PROXY, { 'x-forwarded-for': INTERNET })).statusCode).toBe(404);
    expect((await get(LOCAL_PROXY, { 'x-forwarded-for': PRIVATE_SCRAPER })).statusCode).toBe(200);
    // Anyone can write the header: from a client that is not a trusted proxy it changes nothing.
    expect((await get(INTERNET, { 'x-forwarded-for': PRIVATE_SCRAPER })).statusCode).toBe(404);
    // Trusting no proxy, the socket's address decides.
    const direct = await build({ env: { TRUST_PROXY: 'false' } });
    const viaHeader = await direct.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: LOCAL_PROXY,
      headers: { 'x-forwarded-for': INTERNET },
    });
    expect(viaHeader.statusCode).toBe(200);
  });
});
