/** `npm run seed -- [--reset] [--cases N] [--agents M] [--seed S] [--today YYYY-MM-DD]` */
import { parseArgs } from 'node:util';
import { localDate } from '../../../shared/time';
import { loadEnv } from '../../env';
import { openDb } from '../client';
import { runMigrations } from '../migrate';
import {
  DEFAULT_AGENTS,
  DEFAULT_CASES,
  DEFAULT_SEED,
  demoLoginsText,
  isDatabaseEmpty,
  resetDatabase,
  seedDemo,
} from '.';

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      reset: { type: 'boolean', default: false },
      cases: { type: 'string' },
      agents: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
    },
  });
  const env = loadEnv();
  const cases = positiveInt('cases', values.cases, DEFAULT_CASES);
  const agents = positiveInt('agents', values.agents, DEFAULT_AGENTS);
  if (agents % 2 !== 0) throw new Error(`--agents must be even (agents work in pairs), got ${agents}`);
  const seed = positiveInt('seed', values.seed, DEFAULT_SEED);
  const today = values.today ?? localDate(new Date(), env.TZ_DEFAULT);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`--today must be YYYY-MM-DD, got "${today}"`);

  const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await runMigrations(handle);
    if (!(await isDatabaseEmpty(handle.db))) {
      if (!values.reset) {
        console.log('The database is already seeded; run `npm run seed -- --reset` to rebuild it.');
        return 0;
      }
      await resetDatabase(handle.db);
      console.log('Database reset.');
    }
    const summary = await seedDemo(handle.db, { seed, cases, agents, today, timeZone: env.TZ_DEFAULT });
    console.log(
      `Seeded demo city (seed ${summary.seed}, today ${summary.today}, ${handle.kind}) in ${summary.elapsedMs} ms`,
    );
    for (const [table, n] of Object.entries(summary.counts)) console.log(`  ${table.padEnd(16)} ${n}`);
    const statuses = Object.entries(summary.visitsByStatus).map(([s, n]) => `${s} ${n}`);
    console.log(`  visits by status: ${statuses.join(', ')}`);
    console.log('');
    console.log(demoLoginsText());
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
