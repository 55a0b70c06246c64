/** Demo city seed: a deterministic, realistic Shanghai dataset for an empty database (and for benchmarks). */
import { sql } from 'drizzle-orm';
import { teams } from '../../../drizzle/schema';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../shared/demo';
import { hashPassword } from '../../modules/auth/password';
import type { Db } from '../client';
import { generateDemo } from './generate';
import { insertDemo, truncateAll } from './insert';
import type { LenderShape } from './lender';
import { busiestTeamDay, PRESETS } from './presets';
import type { DemoData } from './types';

export { generateDemo } from './generate';
export type { LenderShape } from './lender';
export {
  busiestTeamDay,
  isPresetName,
  lenderLogins,
  lenderLoginsText,
  PRESETS,
  type PresetName,
  type SeedSize,
} from './presets';
export type { DemoData, GenerateOptions } from './types';

export const DEFAULT_SEED = 20260501;
export const DEFAULT_CASES = PRESETS.demo.cases;
export const DEFAULT_AGENTS = PRESETS.demo.agents;

interface SeedOptions {
  seed?: number;
  cases?: number;
  /** Crew-ready agents, paired two per crew; one lapsed-credential agent is added on top. */
  agents?: number;
  /** Local date (YYYY-MM-DD) in `timeZone` the data is centred on: crews from today−3, visits to today+6. */
  today: string;
  timeZone?: string;
  /** The lender preset's organisation (many teams, visits a day); absent for the demo city. */
  lender?: LenderShape;
}

export interface SeedSummary {
  seed: number;
  today: string;
  counts: Record<keyof DemoData, number>;
  visitsByStatus: Record<string, number>;
  elapsedMs: number;
  /** Time spent generating rows in memory (the rest of `elapsedMs` is hashing and inserting). */
  generateMs: number;
  busiest: ReturnType<typeof busiestTeamDay>;
}

/** Generates and inserts the demo dataset in one transaction; returns what was written. */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  // argon2 is slow on purpose: hash once, share the hash among all demo users.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const generating = performance.now();
  const data = generateDemo({
    seed,
    cases: opts.cases ?? DEFAULT_CASES,
    agents: opts.agents ?? DEFAULT_AGENTS,
    today: opts.today,
    timeZone: opts.timeZone ?? 'Asia/Shanghai',
    passwordHash,
    ...(opts.lender ? { lender: opts.lender } : {}),
  });
  const generateMs = Math.round(performance.now() - generating);
  await insertDemo(db, data);
  return {
    ...summarize(data),
    seed,
    today: opts.today,
    elapsedMs: Math.round(performance.now() - started),
    generateMs,
    busiest: busiestTeamDay(data),
  };
}

/** Counts per table and visits per status. */
export function summarize(data: DemoData): Pick<SeedSummary, 'counts' | 'visitsByStatus'> {
  const counts = Object.fromEntries(Object.entries(data).map(([k, rows]) => [k, rows.length])) as SeedSummary['counts'];
  const visitsByStatus: Record<string, number> = {};
  for (const v of data.visits) {
    const status = v.status ?? 'unassigned';
    visitsByStatus[status] = (visitsByStatus[status] ?? 0) + 1;
  }
  return { counts, visitsByStatus };
}

/** True when no team exists yet, i.e. the database has never been seeded or set up. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ one: sql<number>`1` }).from(teams).limit(1);
  return rows.length === 0;
}

/** Deletes all domain data (every table, cascading); used by `npm run seed -- --reset`. */
export async function resetDatabase(db: Db): Promise<void> {
  await truncateAll(db);
}

/** A few console lines with the demo logins, one per role. */
export function demoLoginsText(): string {
  const rows: Array<[string, string]> = [
    ['admin', DEMO_USERS.admin],
    ['dispatcher', `${DEMO_USERS.dispatcher}  (first team)`],
    ['manager', `${DEMO_USERS.manager}  (first two teams)`],
    ['agent', `${DEMO_USERS.agent}  (lead of the first team's crew 1, with a route today)`],
  ];
  return [
    `Demo logins (password for all: ${DEMO_PASSWORD})`,
    ...rows.map(([role, who]) => `  ${role.padEnd(11)} ${who}`),
  ].join('\n');
}
