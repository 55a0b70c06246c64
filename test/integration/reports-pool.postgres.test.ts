import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { appCode, failure } from './helpers/calls';
import { createTestDb, makeContext } from './helpers/db';
import { seedDemoUsers, TODAY } from './helpers/demo';
import type { DemoUsers } from './helpers/demo-city';

// PostgreSQL only (a *.postgres.test.ts file): PGlite has one connection and no statement timeout to bound.
// A report is held deterministically by a lock on the one table only the reports read (complaints), never by time.

/** Runs `work` while another session holds complaints in ACCESS EXCLUSIVE mode; released after, whatever happens. */
async function withComplaintsLocked(handle: DbHandle, work: (blocked: () => Promise<boolean>) => Promise<void>) {
  const result = (await handle.db.execute(sql`select current_database() as name`)) as unknown as {
    rows: Array<{ name: string }>;
  };
  const [row] = result.rows;
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${row?.name}`;
  const holder = new pg.Client({ connectionString: url.toString() });
  await holder.connect();
  try {
    await holder.query('begin');
    await holder.query('lock table complaints in access exclusive mode');
    // True once some statement waits for that lock: the report is inside its blocked statement.
    const blocked = async () =>
      (
        await holder.query(
          "select count(*)::int as n from pg_locks where relation = 'complaints'::regclass and not granted",
        )
      ).rows[0].n > 0;
    await work(blocked);
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
}

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the report never reached its blocked statement');
}

/** The demo city on PostgreSQL with the reports' pool set as given, for a describe block. */
function demoWithReports(reports: { connections: number; statementTimeoutMs: number }) {
  const city = {} as { handle: DbHandle; users: DemoUsers };
  beforeAll(async () => {
    city.handle = await createTestDb({ reports });
    city.users = await seedDemoUsers(city.handle);
  }, 120_000);
  afterAll(async () => city.handle?.close());
  return city;
}

describe('reports run on their own connections', () => {
  // One report connection, a timeout far longer than the test: only the lock decides when the report answers.
  const city = demoWithReports({ connections: 1, statementTimeoutMs: 600_000 });
  const as = (role: keyof DemoUsers) => createCaller(makeContext(city.handle, city.users[role]));

  it('while a report holds the reports’ only connection, the hot reads still answer; the report answers after', async () => {
    let report: Promise<unknown> = Promise.resolve();
    await withComplaintsLocked(city.handle, async (blocked) => {
      report = as('manager').reports.dashboard({ from: TODAY, to: TODAY });
      report.catch(() => {});
      await until(blocked);
      const route = await as('agent').field.today({});
      expect(route.stops.length).toBeGreaterThan(0);
      const teamId = city.users.dispatcher.teamIds[0] as string;
      const board = await as('dispatcher').dispatch.day({ teamId, date: TODAY });
      expect(board.crews.length).toBeGreaterThan(0);
      expect(await blocked()).toBe(true);
    });
    const answered = (await report) as { kpis: { planned: number } };
    expect(answered.kpis.planned).toBeGreaterThan(0);
  });

  it('a report statement runs on one core, with the timeout it was given', async () => {
    const result = (await city.handle.reportsDb.execute(
      sql`select current_setting('max_parallel_workers_per_gather') as workers, current_setting('statement_timeout') as timeout`,
    )) as unknown as { rows: Array<{ workers: string; timeout: string }> };
    expect(result.rows[0]).toEqual({ workers: '0', timeout: '10min' });
  });
});

describe('a report statement past REPORTS_STATEMENT_TIMEOUT_MS', () => {
  const city = demoWithReports({ connections: 2, statementTimeoutMs: 300 });

  it('is cancelled and answered 503 REPORT_TOO_SLOW in the reader’s language; the next report answers', async () => {
    await withComplaintsLocked(city.handle, async () => {
      const err = await failure(
        createCaller(makeContext(city.handle, city.users.manager, { locale: 'zh-CN' })).reports.dashboard({
          from: TODAY,
          to: TODAY,
        }),
      );
      expect(appCode(err)).toBe('REPORT_TOO_SLOW');
      expect(err.code).toBe('SERVICE_UNAVAILABLE');
      expect(err.message).toContain('报表耗时过长');
    });
    const { kpis } = await createCaller(makeContext(city.handle, city.users.manager)).reports.dashboard({
      from: TODAY,
      to: TODAY,
    });
    expect(kpis.planned).toBeGreaterThan(0);
  });
});
