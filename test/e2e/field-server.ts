import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startServer, type TestServer } from './helpers/server';

/**
 * On PostgreSQL the field server gets a database of its own (dropped afterwards): the tests move visits
 * along their day, and a rerun must find them assigned again.
 */
async function freshDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `doorstep_field_e2e_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await run(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** A server of its own for the field tests, whose clock the test can move (see field-clock.mjs). */
export interface ClockedServer extends TestServer {
  /** Makes the server's "now" this instant (time keeps running from there). */
  setNow: (at: Date) => Promise<void>;
}

export async function startClockedServer(): Promise<ClockedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-field-clock-'));
  const file = join(dir, 'offset');
  writeFileSync(file, '0');
  const saved = { options: process.env.NODE_OPTIONS, dbUrl: process.env.TEST_DATABASE_URL };
  const db = saved.dbUrl ? await freshDatabase(saved.dbUrl) : null;
  if (db) process.env.TEST_DATABASE_URL = db.url;
  process.env.NODE_OPTIONS = `${saved.options ?? ''} --import ${resolve('test/e2e/field-clock.mjs')}`.trim();
  process.env.FIELD_E2E_CLOCK_FILE = file;
  let server: TestServer;
  try {
    server = await startServer();
  } finally {
    if (saved.options === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved.options;
    delete process.env.FIELD_E2E_CLOCK_FILE;
    if (db) process.env.TEST_DATABASE_URL = saved.dbUrl;
  }
  return {
    ...server,
    setNow: async (at) => {
      writeFileSync(file, String(at.getTime() - Date.now()));
      // The server polls the file every 50 ms.
      await new Promise((r) => setTimeout(r, 300));
    },
    stop: async () => {
      await server.stop();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
