/**
 * The database `npm run bench:api` runs on: DATABASE_URL when given (it is written to: pins, notices and "on my
 * way" taps go in — use a copy), otherwise a database of its own on the local PostgreSQL, seeded once with the
 * lender preset and reused by later runs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Where the benchmark's own database is made when DATABASE_URL is not given (BENCH_ADMIN_URL overrides it). */
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const OWN_DATABASE = 'doorstep_bench_api';

async function query<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

function seedLender(databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/db/seed/cli.ts', '--preset', 'lender'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: 'inherit',
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding exited with ${code}`))));
  });
}

/** The URL to benchmark against, seeding the benchmark's own database first when it is new or empty. */
export async function benchDatabase(log: (line: string) => void): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${OWN_DATABASE}`;
  const exists = await query(ADMIN_URL, 'select 1 from pg_database where datname = $1', [OWN_DATABASE]);
  if (exists.length === 0) await query(ADMIN_URL, `create database ${OWN_DATABASE}`);
  // A query naming a table that does not exist fails as a whole, CASE or not: ask whether it exists first.
  const [table] = await query<{ cases: string | null }>(url.href, `select to_regclass('public.cases')::text as cases`);
  const [seeded] = table?.cases ? await query<{ n: string }>(url.href, 'select count(*) as n from cases') : [];
  if (!seeded || Number(seeded.n) === 0) {
    log(`seeding ${OWN_DATABASE} with the lender preset (100,000 cases; a few minutes) …`);
    await seedLender(url.href);
  }
  return url.href;
}
