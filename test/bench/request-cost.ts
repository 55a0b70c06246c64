/**
 * `npm run bench:request [-- --requests 1500 --concurrency 2 --rounds 2 --only auth.me,field.today
 * --roots DIR,DIR --cpu-prof DIR]` — the app's CPU per request (issue #17): one app process (`server/main.ts` as
 * production runs it, like bench:api) on DATABASE_URL answers a fixed count of requests of each procedure, a few
 * at a time, and its CPU from /proc is divided by that count. A fixed count, not a rate, so a busy machine makes
 * the run slower but not the figure larger; the process's idle CPU per second (job polls, metrics), measured before
 * the requests, is taken off. Also printed: PostgreSQL's CPU and the database's transactions per request (a
 * statement outside a transaction is one).
 *
 * `--roots` interleaves app source trees (an old checkout and this one, each with node_modules): round 1 runs each
 * root in turn, round 2 again, so that the machine's load falls on both alike. Reads only: run it on a copy.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { prepareSources, type RequestSpec } from './api/fixtures';
import { cpuMeter, cpuSeconds, freePort, startApp } from './api/processes';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1500' },
    concurrency: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string', default: 'auth.me,field.today,dispatch.day,searchCases' },
    roots: { type: 'string' },
    agents: { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const procedures = values.only.split(',').map((p) => p.trim());
const roots = values.roots ? values.roots.split(',') : [undefined];
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL: a copy of the lender preset (the sign-ins write sessions)');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Transactions the database has committed; backends report theirs within a second of going idle. */
async function commits(): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'select xact_commit as n from pg_stat_database where datname = current_database()',
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** Sends `count` requests from `next`, `concurrency` at a time; throws on the first that is not a 200. */
async function drive(base: string, next: () => RequestSpec, count: number) {
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const spec = next();
      const res = await fetch(base + spec.path, { method: spec.method, headers: spec.headers, body: spec.body });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${spec.path.slice(0, 60)}: ${res.status} ${text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function runRoot(root: string | undefined, round: number) {
  const port = await freePort();
  const app = await startApp({
    port,
    databaseUrl: databaseUrl as string,
    sessionSecret: 'bench-api-session-secret-0001',
    cpuProfDir: values['cpu-prof'],
    root,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const { sources } = await prepareSources(base, databaseUrl as string, { agents: Number(values.agents) });
    const cookie = sources['field.today']?.().headers.cookie as string;
    const all: Record<string, () => RequestSpec> = {
      ...sources,
      'auth.me': () => ({ method: 'GET', path: '/trpc/auth.me', headers: { cookie } }),
    };
    // Warm: JIT, the pool's connections and their prepared statements.
    for (const p of procedures) await drive(base, all[p] as () => RequestSpec, 200);
    await sleep(2000);
    const idleFrom = cpuSeconds(app.pid);
    await sleep(4000);
    const idlePerSecond = (cpuSeconds(app.pid) - idleFrom) / 4;
    const label = root ?? 'this tree';
    for (const p of procedures) {
      const next = all[p];
      if (!next) throw new Error(`unknown procedure ${p}; one of ${Object.keys(all).join(', ')}`);
      const load = loadavg()[0] as number;
      const meter = cpuMeter([app.pid], databaseUrl as string);
      const xactBefore = await commits();
      await meter.start();
      const t0 = performance.now();
      await drive(base, next, requests);
      const wallS = (performance.now() - t0) / 1000;
      const cpu = await meter.stop();
      await sleep(2500);
      const xacts = (await commits()) - xactBefore;
      const appMs = ((cpu.appSeconds - idlePerSecond * wallS) * 1000) / requests;
      console.log(
        `| ${round} | ${label} | ${p} | ${requests} | ${appMs.toFixed(2)} | ${((cpu.appSeconds * 1000) / requests).toFixed(2)} | ` +
          `${((cpu.dbSeconds * 1000) / requests).toFixed(2)} | ${(xacts / requests).toFixed(2)} | ${wallS.toFixed(1)} | ${load.toFixed(1)} |`,
      );
    }
  } finally {
    await app.stop();
  }
}

console.log(
  `bench:request on ${new URL(databaseUrl).pathname.slice(1)}, ${cpus().length} cores, ${concurrency} at a time; ` +
    'app CPU net of its idle CPU/s (raw beside it); transactions include the idle process’s own',
);
console.log(
  '\n| round | app | procedure | requests | app CPU ms/req | raw | PostgreSQL CPU ms/req | transactions/req | wall s | load |',
);
console.log('|--:|---|---|--:|--:|--:|--:|--:|--:|--:|');
for (let round = 1; round <= rounds; round++) for (const root of roots) await runRoot(root, round);
