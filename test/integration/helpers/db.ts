import pino from 'pino';
import { type DbHandle, openDb } from '../../../server/db/client';
import { runMigrations } from '../../../server/db/migrate';
import { loadEnv } from '../../../server/env';
import { jobsFor } from '../../../server/modules/jobs/queue';
import type { Context, SessionUser } from '../../../server/trpc/context';
import type { Locale } from '../../../shared/errors';
import { openReusedPglite } from '../../helpers/pglite-reuse';
import { provided } from '../../helpers/provided';
import { createScratchDatabase } from '../../helpers/scratch-database';

/** Which database the suite runs on: TEST_DATABASE_URL (a PostgreSQL server) or in-memory PGlite. */
export const TEST_DB_KIND = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file. On PostgreSQL each file gets its own database
 * (created from TEST_DATABASE_URL's server, dropped on close), so files never see each other's rows.
 * Under vitest both start from what the run's global setup migrated once (test/helpers/db-global-setup.ts) —
 * on PGlite a database an earlier file closed, put back as that copy loads (test/helpers/pglite-reuse.ts);
 * elsewhere (the benches) they are migrated here.
 */
export async function createTestDb(opts: Pick<Parameters<typeof openDb>[0], 'reports'> = {}): Promise<DbHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const snapshot = provided('pgliteSnapshot');
    if (snapshot) return openReusedPglite(snapshot);
    const handle = await openDb({ dataDir: 'memory://' });
    await runMigrations(handle);
    return handle;
  }
  const template = provided('postgresTemplate');
  const scratch = await createScratchDatabase(url, 'doorstep_test', template);
  const handle = await openDb({ databaseUrl: scratch.url, dataDir: 'unused', ...opts });
  if (!template) await runMigrations(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

export const testEnv = loadEnv({ DATA_DIR: '/tmp/doorstep-test', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
const silent = pino({ level: 'silent' });

/** A tRPC context as the HTTP layer would build it, for createCaller. */
export function makeContext(
  handle: DbHandle,
  user: Omit<SessionUser, 'sessionTokenHash'> | null,
  opts: { locale?: Locale; now?: Date; ip?: string } = {},
): Context & { cookieLog: Array<[string, string | null]> } {
  const cookieLog: Array<[string, string | null]> = [];
  return {
    db: handle.db,
    reportsDb: handle.reportsDb,
    env: testEnv,
    log: silent,
    user: user ? { ...user, sessionTokenHash: 'test-session' } : null,
    locale: opts.locale ?? 'en',
    ip: opts.ip ?? '127.0.0.1',
    userAgent: 'vitest',
    sessionSecret: 'test-secret-test-secret',
    now: () => opts.now ?? new Date(),
    jobs: jobsFor(handle.db),
    origin: 'http://doorstep.test',
    cookies: {
      set: (name, value) => cookieLog.push([name, value]),
      clear: (name) => cookieLog.push([name, null]),
    },
    cookieLog,
  };
}
