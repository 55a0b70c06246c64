import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { seedDemo } from '../../server/db/seed';
import { loadEnv } from '../../server/env';
import { buildHttpServer } from '../../server/http';
import { startJobs } from '../../server/modules/jobs/queue';
import { registerWorkers } from '../../server/modules/jobs/workers';
import { localDate, zonedTimeToUtc } from '../../shared/time';
import { demoTemplateFor } from '../helpers/demo-template';
import { provided } from '../helpers/provided';
import { createScratchDatabase } from '../helpers/scratch-database';
import type { TestServer } from './helpers/server';

/** A server of its own for the field tests, whose clock the test can move. */
export interface ClockedServer extends TestServer {
  /**
   * Makes the server's "now" this instant: time keeps running from there, or with `frozen` stays at it (for a
   * scenario stated at one minute, which a loaded machine would otherwise see pass before its last check).
   */
  setNow: (at: Date, opts?: { frozen?: boolean }) => Promise<void>;
}

/** When the server's clock starts: the beginning of the seeded working day, before anyone signs in. */
const DAY_STARTS_AT = '07:30';

/**
 * The real HTTP server, built in the test's process with a clock of its own (buildHttpServer's `now`), on a
 * freshly migrated and seeded database like the one `startServer` gives its process. Check-in is only allowed
 * inside a visit's agreed slot, so the test moves the server's time into the slot instead of depending on when
 * it runs; the browser keeps the real time. The clock starts at 07:30 on the seeded day, so every session the
 * test makes before moving it is made then: one made at the real time of a run (e.g. 01:30 Shanghai) would
 * expire (12 h) before the afternoon's slots, and the test would fail on the hour CI runs at.
 */
export async function startClockedServer(): Promise<ClockedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-field-clock-'));
  const zone = loadEnv({ ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' }).TZ_DEFAULT;
  // Today's demo city copied from the run's demo template when there is one for this day (helpers/demo-template.ts).
  const demo = process.env.TEST_DATABASE_URL ? demoTemplateFor(zone) : undefined;
  const scratch = process.env.TEST_DATABASE_URL
    ? await createScratchDatabase(
        process.env.TEST_DATABASE_URL,
        'doorstep_e2e',
        demo?.name ?? provided('postgresTemplate'),
      )
    : null;
  const env = loadEnv({ ...process.env, DATABASE_URL: scratch?.url, DATA_DIR: dataDir, NODE_ENV: 'test' });
  const handle = await openDb({ databaseUrl: scratch?.url, dataDir });
  await runMigrations(handle);
  const today = demo?.seedDate ?? localDate(new Date(), env.TZ_DEFAULT);
  if (!demo) await seedDemo(handle.db, { today, timeZone: env.TZ_DEFAULT });
  let offsetMs = zonedTimeToUtc(today, DAY_STARTS_AT, env.TZ_DEFAULT).getTime() - Date.now();
  const log = pino({ level: 'warn' });
  let frozenAt: Date | null = null;
  const now = () => new Date(frozenAt ? frozenAt.getTime() : Date.now() + offsetMs);
  const app = await buildHttpServer({
    db: handle.db,
    dbKind: handle.kind,
    env,
    log,
    sessionSecret: 'field-e2e-session-secret-0123456789',
    now,
  });
  // It works the job queue as main.ts does (auto-plan runs, messages), on the same clock.
  const jobs = await startJobs(handle.db, log, (j) => registerWorkers(j, { db: handle.db, env, log, now }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seedDate: today,
    setNow: async (at, opts) => {
      offsetMs = at.getTime() - Date.now();
      frozenAt = opts?.frozen ? new Date(at) : null;
    },
    stop: async () => {
      await app.close();
      await jobs.stop();
      await handle.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
