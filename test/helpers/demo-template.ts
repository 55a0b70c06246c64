import { inject } from 'vitest';
import { openDb } from '../../server/db/client';
import { seedDemo } from '../../server/db/seed';
import { localDate } from '../../shared/time';
import { provided } from './provided';
import { createScratchDatabase } from './scratch-database';

/** A PostgreSQL database the run's e2e global setup migrated and seeded the demo city into, for one day. */
export interface DemoTemplate {
  name: string;
  /** The local date in `zone` the city is centred on: a first start on that day would seed the same rows. */
  seedDate: string;
  zone: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresDemoTemplate?: DemoTemplate;
  }
}

/** The zone a test server's demo city is built in when a test names none (server/env.ts's TZ_DEFAULT default). */
export const DEMO_ZONE = process.env.TZ_DEFAULT ?? 'Asia/Shanghai';

/**
 * Copies the migrated template and seeds the demo city into it, once per e2e run, so each e2e server's database
 * is copied with the city in it (≈0.4 s) instead of every server seeding its own (≈1 s quiet, several at load 10+:
 * about twenty servers a run). The seed depends only on the day and zone (server/db/seed/first-start.ts), so
 * the copy holds exactly what a first start that day would write.
 */
export async function createPostgresDemoTemplate(
  serverUrl: string,
  migrated: string,
  now = new Date(),
): Promise<DemoTemplate & { drop: () => Promise<void> }> {
  const seedDate = localDate(now, DEMO_ZONE);
  const scratch = await createScratchDatabase(serverUrl, 'doorstep_demo_template', migrated);
  try {
    const handle = await openDb({ databaseUrl: scratch.url, dataDir: 'unused' });
    try {
      await seedDemo(handle.db, { today: seedDate, timeZone: DEMO_ZONE });
    } finally {
      // A template must have no open connection while databases are copied from it.
      await handle.close();
    }
  } catch (err) {
    await scratch.drop();
    throw err;
  }
  return { name: new URL(scratch.url).pathname.slice(1), seedDate, zone: DEMO_ZONE, drop: scratch.drop };
}

/**
 * The run's demo template if it holds the city a first start would seed now in `zone`, else nothing (no template,
 * another zone, or a run that crossed midnight there): the caller then copies the migrated template and lets
 * the server seed, as before.
 */
export function demoTemplateFor(
  zone = DEMO_ZONE,
  now = new Date(),
  template = process.env.VITEST ? inject('postgresDemoTemplate') : undefined,
): DemoTemplate | undefined {
  if (!template || template.zone !== zone || template.seedDate !== localDate(now, zone)) return undefined;
  return template;
}

/**
 * A scratch database for a server that would seed the demo city at its first start: a copy of the demo template
 * when it is today's (`seeded`: a first start finds nothing to write), else of the migrated template (the server
 * then seeds).
 */
export async function createDemoScratchDatabase(serverUrl: string, prefix: string, now = new Date()) {
  const demo = demoTemplateFor(DEMO_ZONE, now)?.name;
  const scratch = await createScratchDatabase(serverUrl, prefix, demo ?? provided('postgresTemplate'));
  return { ...scratch, seeded: demo !== undefined };
}
