/**
 * The admin's Jobs page in Chromium against a real server process: counts per queue and state, the failed job
 * with its error (secrets taken out) and Retry, which runs it again. PostgreSQL only: the failed job is written
 * into the queue's table the way a job whose retries ran out is left (no request can make one fail on purpose).
 */
import { randomBytes } from 'node:crypto';
import { DEMO_USERS } from '@shared/demo';
import { addDays } from '@shared/time';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDemoScratchDatabase } from '../helpers/demo-template';
import type { createScratchDatabase } from '../helpers/scratch-database';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { startServer, type TestServer } from './helpers/server';
import { signIn, trpc } from './helpers/trpc-http';

const SECRET = 'sig-0123456789abcdef';

describe('the admin Jobs page', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let server: TestServer;
  let db: pg.Client;
  let failedId = '';
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('*.postgres.test.ts files run only with TEST_DATABASE_URL (see vitest.config.ts)');
    scratch = await createDemoScratchDatabase(serverUrl, 'doorstep_jobs_page');
    server = await startServer({ databaseUrl: scratch.url, env: { SESSION_SECRET: randomBytes(24).toString('hex') } });
    db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    // A planning run through the queue: a completed plan.solve job.
    const dispatcher = await signIn(server.baseUrl, DEMO_USERS.dispatcher);
    const date = addDays(server.seedDate, 1);
    const { runId } = await trpc<{ runId: string }>(dispatcher, 'POST', 'planning.start', {
      teamId: dispatcher.teamIds[0],
      date,
      timeLimitMs: 300,
    });
    for (let i = 0; i < 300; i++) {
      const s = await trpc<{ state: string }>(dispatcher, 'GET', 'planning.status', { runId });
      if (s.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // A job whose retries ran out, its error quoting a secret header (as an HTTP client's error may).
    const { rows } = await db.query<{ id: string }>(
      `insert into pgboss.job (name, data, state, retry_count, retry_limit, created_on, started_on, completed_on, output)
       values ('plan.solve', $1, 'failed', 1, 1, now() - interval '3 minutes', now() - interval '2 minutes',
               now() - interval '1 minute', $2)
       returning id`,
      [
        { runId: '00000000-0000-4000-8000-000000000000' },
        { message: `gateway answered 503 (X-Signature: ${SECRET})`, stack: 'Error: at send (/srv/x.ts:1:1)' },
      ],
    );
    failedId = rows[0]?.id as string;
  }, 180_000);

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
    await scratch?.drop();
  });

  it('shows counts and the failed job without its secret; Retry runs it again (1440×900, en)', async () => {
    session = await openBrowser({ viewport: DESKTOP });
    const { page } = session;
    await loginAs(page, server.baseUrl, DEMO_USERS.admin);
    await page.waitForURL('**/admin*');
    await page.getByTestId('nav-jobs').click();
    await page.waitForURL('**/jobs');
    await page.getByTestId('jobs-counts-row').first().waitFor();
    expect(await page.getByTestId('jobs-counts-row').count()).toBe(3);
    expect(await page.getByTestId('jobs-row').count()).toBe(2);
    const error = (await page.getByTestId('jobs-error').textContent()) ?? '';
    expect(error).toContain('gateway answered 503');
    expect(error).not.toContain(SECRET);
    expect(error).not.toContain('/srv/x.ts');
    await page.screenshot({ path: `${SHOTS}/jobs-en.png`, fullPage: true });

    // The failed count filters the list to the failed job.
    await page.getByTestId('jobs-count-failed').click();
    await page.getByTestId('jobs-total').filter({ hasText: '1 job' }).waitFor();
    await page.getByTestId('jobs-retry').click();
    // The server's plan.solve worker takes it again and finishes it (its run no longer exists: nothing to solve).
    for (let i = 0; i < 300; i++) {
      const { rows } = await db.query<{ state: string }>('select state::text as state from pgboss.job where id = $1', [
        failedId,
      ]);
      if (rows[0]?.state === 'completed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const { rows } = await db.query<{ state: string; retry_count: number; retry_limit: number }>(
      'select state::text as state, retry_count, retry_limit from pgboss.job where id = $1',
      [failedId],
    );
    expect(rows[0]).toEqual({ state: 'completed', retry_count: 2, retry_limit: 2 });
    await page.getByTestId('jobs-total').filter({ hasText: '0 jobs' }).waitFor();
  });

  it('reads in Chinese (1440×900) and fits a phone (390×844)', async () => {
    session = await openBrowser({ locale: 'zh-CN', viewport: DESKTOP });
    const { page } = session;
    await loginAs(page, server.baseUrl, DEMO_USERS.admin);
    await page.waitForURL('**/admin*');
    await page.goto(`${server.baseUrl}/jobs`);
    await page.getByTestId('jobs-counts-row').first().waitFor();
    expect(await page.getByTestId('page-title').textContent()).toBe('后台任务');
    expect(await page.getByTestId('jobs-state').allTextContents()).toEqual(['已完成', '已完成']);
    await page.screenshot({ path: `${SHOTS}/jobs-zh-CN.png`, fullPage: true });
    await session.close();

    session = await openBrowser({ locale: 'zh-CN', viewport: PHONE });
    const phone = session.page;
    await loginAs(phone, server.baseUrl, DEMO_USERS.admin);
    await phone.waitForURL('**/admin*');
    await phone.goto(`${server.baseUrl}/jobs`);
    await phone.getByTestId('jobs-row').first().waitFor();
    expect(await phone.getByTestId('jobs-row').count()).toBe(2);
    await phone.screenshot({ path: `${SHOTS}/jobs-phone.png`, fullPage: true });
  });
});
