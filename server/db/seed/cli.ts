/**
 * `npm run seed -- [--reset] [--preset demo|lender] [--cases N] [--agents M] [--teams T] [--visits-per-day V]
 *   [--history-days H] [--seed S] [--today YYYY-MM-DD]` — the preset sets the sizes; the other flags override them.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { localDate } from '../../../shared/time';
import { loadEnv } from '../../env';
import { openDb } from '../client';
import { runMigrations } from '../migrate';
import {
  DEFAULT_SEED,
  demoLoginsText,
  isDatabaseEmpty,
  isPresetName,
  lenderLoginsText,
  PRESETS,
  resetDatabase,
  type SeedSize,
  seedDemo,
} from '.';

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** The preset's sizes with the command line's overrides. */
function sizeFrom(values: Record<string, string | boolean | undefined>): SeedSize {
  const preset = String(values.preset ?? 'demo');
  if (!isPresetName(preset))
    throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${preset}"`);
  const base: SeedSize = PRESETS[preset];
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const size: SeedSize = {
    cases: positiveInt('cases', str('cases'), base.cases),
    agents: positiveInt('agents', str('agents'), base.agents),
  };
  if (size.agents % 2 !== 0) throw new Error(`--agents must be even (agents work in pairs), got ${size.agents}`);
  if (base.lender || str('teams') || str('visits-per-day') || str('history-days')) {
    const history = str('history-days') ?? (base.lender?.historyDays ? String(base.lender.historyDays) : undefined);
    size.lender = {
      teams: positiveInt('teams', str('teams'), base.lender?.teams ?? 3),
      visitsPerDay: positiveInt('visits-per-day', str('visits-per-day'), base.lender?.visitsPerDay ?? 100),
      ...(history ? { historyDays: positiveInt('history-days', history, 3) } : {}),
    };
  }
  return size;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      reset: { type: 'boolean', default: false },
      preset: { type: 'string', default: 'demo' },
      cases: { type: 'string' },
      agents: { type: 'string' },
      teams: { type: 'string' },
      'visits-per-day': { type: 'string' },
      'history-days': { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
    },
  });
  const env = loadEnv();
  const size = sizeFrom(values);
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
    const summary = await seedDemo(handle.db, { seed, ...size, today, timeZone: env.TZ_DEFAULT });
    // Fresh tables have no planner statistics until autovacuum comes by: without them the first benchmark or
    // the first busy morning is planned blind (the worklist measured several times slower on an unanalysed copy).
    await handle.db.execute(sql`analyze`);
    const what = size.lender ? `lender (${size.lender.teams} teams)` : 'demo city';
    console.log(
      `Seeded ${what} (seed ${summary.seed}, today ${summary.today}, ${handle.kind}) in ${summary.elapsedMs} ms` +
        ` (generating ${summary.generateMs} ms); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
    for (const [table, n] of Object.entries(summary.counts)) console.log(`  ${table.padEnd(16)} ${n}`);
    const statuses = Object.entries(summary.visitsByStatus).map(([s, n]) => `${s} ${n}`);
    console.log(`  visits by status: ${statuses.join(', ')}`);
    console.log('');
    console.log(size.lender ? lenderLoginsText(summary.busiest, summary.counts.teams) : demoLoginsText());
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
