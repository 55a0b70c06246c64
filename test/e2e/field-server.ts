import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type TestServer } from './helpers/server';

/** A server of its own for the field tests, whose clock the test can move (see field-clock.mjs). */
export interface ClockedServer extends TestServer {
  /** Makes the server's "now" this instant (time keeps running from there). */
  setNow: (at: Date) => Promise<void>;
}

export async function startClockedServer(): Promise<ClockedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-field-clock-'));
  const file = join(dir, 'offset');
  writeFileSync(file, '0');
  const saved = { options: process.env.NODE_OPTIONS };
  process.env.NODE_OPTIONS = `${saved.options ?? ''} --import ${resolve('test/e2e/field-clock.mjs')}`.trim();
  process.env.FIELD_E2E_CLOCK_FILE = file;
  let server: TestServer;
  try {
    server = await startServer();
  } finally {
    if (saved.options === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved.options;
    delete process.env.FIELD_E2E_CLOCK_FILE;
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
