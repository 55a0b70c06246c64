import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type DbHandle, openDb } from '../../server/db/client';

/**
 * A new database on the PostgreSQL server of `serverUrl`, for one test file or one test server, so no run sees
 * rows another run (or an earlier CI run on the same machine) left behind: empty, or a copy of `template` (a
 * migrated one, see migrated-snapshot.ts). `drop` removes it.
 */
export async function createScratchDatabase(
  serverUrl: string,
  prefix: string,
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const own = new URL(serverUrl);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/**
 * An empty scratch database on the test server (TEST_DATABASE_URL) with the app's pools open on it: for tests of the
 * pool itself (server/db/client.ts, pool-layers.ts). `close` ends the pools, then drops the database.
 */
export async function openScratchDb(
  prefix: string,
  options: Omit<Parameters<typeof openDb>[0], 'databaseUrl' | 'dataDir'> = {},
): Promise<{ url: string; handle: DbHandle; close: () => Promise<void> }> {
  const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL as string, prefix);
  const handle = await openDb({ ...options, databaseUrl: scratch.url, dataDir: 'unused' }).catch(async (err) => {
    await scratch.drop();
    throw err;
  });
  return {
    url: scratch.url,
    handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/**
 * openScratchDb for the tests of one file: opened before them (then `setUp` runs on it, e.g. a table the tests use)
 * and closed after them. Read `handle` and `url` inside the tests.
 */
export function scratchDbForFile(
  prefix: string,
  options: Parameters<typeof openScratchDb>[1] = {},
  setUp?: (handle: DbHandle) => Promise<unknown>,
): { readonly handle: DbHandle; readonly url: string } {
  let scratch: Awaited<ReturnType<typeof openScratchDb>> | undefined;
  const opened = () => {
    if (!scratch) throw new Error(`the scratch database ${prefix} is not open (read it inside a test)`);
    return scratch;
  };
  beforeAll(async () => {
    scratch = await openScratchDb(prefix, options);
    await setUp?.(scratch.handle);
  }, 60_000);
  afterAll(async () => {
    await scratch?.close();
  }, 60_000);
  return {
    get handle() {
      return opened().handle;
    },
    get url() {
      return opened().url;
    },
  };
}
