/**
 * `DATABASE_URL=… npm run bench:reports [-- --runs N --days D]` — p50/p95 of the oversight reports on a
 * lender-seeded PostgreSQL database (`npm run seed -- --preset lender`: 90 days of history), through the real
 * router as the seeded manager (five teams) and admin (all fifty), over the D days (default 30, the screen's
 * default period) ending on the last seeded day.
 * Read-only: it only queries.
 */
import { sql } from 'drizzle-orm';
import { openDb } from '../../server/db/client';
import { lenderLogins } from '../../server/db/seed/presets';
import type { SessionUser } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { rows } from '../helpers/db-rows';
import { makeContext } from '../integration/helpers/db';
import { timeRuns } from './timing';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL: the lender-seeded PostgreSQL database to measure');
const runIdx = process.argv.indexOf('--runs');
const runs = runIdx > 0 ? Number(process.argv[runIdx + 1]) : 30;
// The screen's default period is 30 days; `--days 90` reads a quarter of the lender preset's history.
const daysIdx = process.argv.indexOf('--days');
const days = daysIdx > 0 ? Number(process.argv[daysIdx + 1]) : 30;

const handle = await openDb({ databaseUrl: url, dataDir: 'unused' });
async function userNamed(username: string): Promise<Omit<SessionUser, 'sessionTokenHash'>> {
  const [u] = await rows<{ id: string; role: SessionUser['role'] }>(
    handle,
    sql`select id, role from users where username = ${username}`,
  );
  if (!u) throw new Error(`no user ${username}: seed the lender preset first`);
  const teams = await rows<{ team_id: string }>(handle, sql`select team_id from user_teams where user_id = ${u.id}`);
  const teamIds = teams.map((t) => t.team_id).sort();
  return { id: u.id, username, displayName: username, role: u.role, locale: 'en', teamIds, agentId: null };
}

try {
  const logins = lenderLogins();
  const [today] = await rows<{ d: string }>(handle, sql`select max(visit_date)::text as d from visits`);
  const to = today?.d as string;
  const filter = { from: addDays(to, 1 - days), to };
  const [n] = await rows<{ n: number }>(
    handle,
    sql`select count(*)::int as n from visits where visit_date between ${filter.from} and ${filter.to}`,
  );
  console.log(
    `reports on ${url.replace(/:[^:@/]+@/, ':***@')}: ${n?.n} visits ${filter.from}…${filter.to}; ${runs} runs each`,
  );
  for (const who of ['manager', 'admin'] as const) {
    const caller = createCaller(makeContext(handle, await userNamed(logins[who])));
    const line = async (label: string, fn: () => Promise<unknown>) =>
      console.log(`  ${`${label} (${who})`.padEnd(56)} ${await timeRuns(runs, fn)}`);
    await line('reports.dashboard', () => caller.reports.dashboard(filter));
    await line('reports.visits page 1', () => caller.reports.visits({ filter }));
    await line('reports.visits page 10, by borrower', () =>
      caller.reports.visits({ filter, sort: 'borrower', desc: false, page: 10 }),
    );
    await line('reports.visits drill made, search "Wang"', () =>
      caller.reports.visits({ filter, drill: 'made', search: 'Wang' }),
    );
  }
} finally {
  await handle.close();
}
