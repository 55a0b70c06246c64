/**
 * `npm run bench:request [-- --requests 1500 --concurrency 2 --rounds 2 --only auth.me,field.today
 * --roots DIR,DIR --flags "A;B" --cpu-prof DIR --cold]` — the app's CPU per request (issue #17): one app process (`server/main.ts` as
 * production runs it, like bench:api) on DATABASE_URL answers a fixed count of requests of each procedure, a few
 * at a time, and its CPU from /proc is divided by that count. A fixed count, not a rate, so a busy machine makes
 * the run slower but not the figure larger; the process's idle CPU per second (job polls, metrics), measured before
 * the requests, is taken off. Also printed: PostgreSQL's CPU and the database's transactions per request (a
 * statement outside a transaction is one).
 *
 * `--roots` compares app source trees (an old checkout and this one, each with node_modules): one process of each runs
 * at once, and each procedure is sent in `--rounds` chunks of `--requests` to each process in turn (old, new, old,
 * new …), so that the machine's load, which moves by the minute on a shared machine, falls on both alike; the mean
 * of the chunks closes the output. `--flags "A;B"` gives each process Node flags of its own (one tree twice when
 * no `--roots`: `--flags=";--max-semi-space-size=32"`). Each chunk also reports the process's garbage collection
 * (from its /metrics): GC time per request and scavenges (young-generation collections) per 1,000 requests. Reads
 * only: run it on a copy.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { prepareSources, type RequestSpec } from './api/fixtures';
import { cpuMeter, cpuSeconds, freePort, gcTotals, startApp } from './api/processes';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1500' },
    concurrency: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string', default: 'auth.me,field.today,dispatch.day,searchCases' },
    roots: { type: 'string' },
    agents: { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
    flags: { type: 'string' },
    cold: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const procedures = values.only.split(',').map((p) => p.trim());
// `--flags` gives each app process Node flags of its own (`;` between processes, spaces within one), so one tree can
// be compared with itself under other V8 settings: `--flags ";--max-semi-space-size=32"` runs two of this tree.
const flags = values.flags?.split(';').map((f) => f.split(' ').filter(Boolean));
const roots: (string | undefined)[] = values.roots ? values.roots.split(',') : [undefined];
if (flags && roots.length === 1) while (roots.length < flags.length) roots.push(roots[0]);
if (flags && flags.length !== roots.length) throw new Error('--flags: one entry per --roots tree, separated by ;');
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

/** One app process per root, all up at once: a chunk of each in turn, so the machine's load falls on each alike. */
async function startApps() {
  const apps = [];
  for (const [i, root] of roots.entries()) {
    const port = await freePort();
    const nodeFlags = flags?.[i] ?? [];
    const app = await startApp({
      port,
      databaseUrl: databaseUrl as string,
      sessionSecret: 'bench-api-session-secret-0001',
      cpuProfDir: values['cpu-prof'],
      root,
      nodeFlags,
    });
    const label = [root ?? 'this tree', ...nodeFlags].join(' ');
    apps.push({ app, base: `http://127.0.0.1:${port}`, label });
  }
  return apps;
}

console.log(
  `bench:request on ${new URL(databaseUrl).pathname.slice(1)}, ${cpus().length} cores, ${concurrency} at a time; ` +
    `every app up at once, ${rounds} chunks of ${requests} requests each in turn; ` +
    'app CPU net of its idle CPU/s (raw beside it); transactions include the idle processes’ own',
);
const apps = await startApps();
try {
  // The same signed-in users for every app (one session secret): sign in once, through the first.
  const { sources } = await prepareSources((apps[0] as (typeof apps)[number]).base, databaseUrl, {
    agents: Number(values.agents),
  });
  const cookie = sources['field.today']?.().headers.cookie as string;
  const all: Record<string, () => RequestSpec> = {
    ...sources,
    'auth.me': () => ({ method: 'GET', path: '/trpc/auth.me', headers: { cookie } }),
  };
  for (const p of procedures)
    if (!all[p]) throw new Error(`unknown procedure ${p}; one of ${Object.keys(all).join(', ')}`);
  // Warm: JIT, the pools' connections and their prepared statements. `--cold` leaves that to the processes (since
  // session 32 they warm their connections before they are ready): each procedure's first chunk then shows what
  // its first requests cost a process that has just become ready (with --concurrency ≥ the pool, on every connection).
  if (!values.cold) {
    for (const { base } of apps) for (const p of procedures) await drive(base, all[p] as () => RequestSpec, 200);
  }
  await sleep(2000);
  const idleFrom = apps.map(({ app }) => cpuSeconds(app.pid));
  await sleep(4000);
  const idlePerSecond = apps.map(({ app }, i) => (cpuSeconds(app.pid) - (idleFrom[i] as number)) / 4);
  console.log(
    '\n| chunk | app | procedure | requests | app CPU ms/req | raw | GC ms/req | scavenges/1000 req | PostgreSQL CPU ms/req | transactions/req | wall s | load |',
  );
  console.log('|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  const totals = new Map<string, { app: number; gc: number; minor: number; db: number; load: number; n: number }>();
  for (const p of procedures) {
    for (let round = 1; round <= rounds; round++) {
      for (const [i, { app, base, label }] of apps.entries()) {
        const load = loadavg()[0] as number;
        const meter = cpuMeter([app.pid], databaseUrl);
        const xactBefore = await commits();
        const gcBefore = await gcTotals(base);
        await meter.start();
        const t0 = performance.now();
        await drive(base, all[p] as () => RequestSpec, requests);
        const wallS = (performance.now() - t0) / 1000;
        const cpu = await meter.stop();
        const gcAfter = await gcTotals(base);
        // GC time of every kind (minor = scavenges of the young generation, major, incremental marking …).
        let gcSeconds = 0;
        for (const [kind, after] of gcAfter) gcSeconds += after.seconds - (gcBefore.get(kind)?.seconds ?? 0);
        const gcMs = (gcSeconds * 1000) / requests;
        const minor = (((gcAfter.get('minor')?.count ?? 0) - (gcBefore.get('minor')?.count ?? 0)) * 1000) / requests;
        await sleep(2500);
        const xacts = (await commits()) - xactBefore;
        const appMs = ((cpu.appSeconds - (idlePerSecond[i] as number) * wallS) * 1000) / requests;
        const dbMs = (cpu.dbSeconds * 1000) / requests;
        const key = `${label} | ${p}`;
        const t = totals.get(key) ?? { app: 0, gc: 0, minor: 0, db: 0, load: 0, n: 0 };
        totals.set(key, {
          app: t.app + appMs,
          gc: t.gc + gcMs,
          minor: t.minor + minor,
          db: t.db + dbMs,
          load: t.load + load,
          n: t.n + 1,
        });
        console.log(
          `| ${round} | ${label} | ${p} | ${requests} | ${appMs.toFixed(2)} | ${((cpu.appSeconds * 1000) / requests).toFixed(2)} | ` +
            `${gcMs.toFixed(3)} | ${minor.toFixed(1)} | ` +
            `${dbMs.toFixed(2)} | ${(xacts / requests).toFixed(2)} | ${wallS.toFixed(1)} | ${load.toFixed(1)} |`,
        );
      }
    }
  }
  console.log(
    '\n| app | procedure | app CPU ms/req (mean of chunks) | GC ms/req | scavenges/1000 req | PostgreSQL CPU ms/req | mean load |',
  );
  console.log('|---|---|--:|--:|--:|--:|--:|');
  for (const [key, t] of totals) {
    console.log(
      `| ${key} | ${(t.app / t.n).toFixed(2)} | ${(t.gc / t.n).toFixed(3)} | ${(t.minor / t.n).toFixed(1)} | ` +
        `${(t.db / t.n).toFixed(2)} | ${(t.load / t.n).toFixed(1)} |`,
    );
  }
} finally {
  for (const { app } of apps) await app.stop();
}
