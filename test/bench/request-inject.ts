/**
 * `npm run bench:inject [-- --roots OLD,NEW --requests 1000 --rounds 6 --only auth.me,field.today]` — the app's CPU
 * per request inside one process (issue #17): each `--roots` tree's HTTP app (`buildHttpServer`, as main.ts builds
 * it, on DATABASE_URL — a copy of the lender preset) is built in this process, and each procedure is sent to each
 * app in turn (old, new, old, new …) through Fastify's `inject`, one request at a time; the process's CPU time
 * (process.cpuUsage) per request and its garbage collections are counted per chunk. No sockets, no second process:
 * what is left is Fastify, the tRPC adapter, the procedure and the database client, and the shared machine's load,
 * which moves by the minute, falls on every tree alike within a round. Socket writes and HTTP parsing are not in it
 * (bench:request has them). Reads only: run it on a copy.
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { prepareSources, type RequestSpec } from './api/fixtures';

const { values } = parseArgs({
  options: {
    roots: { type: 'string', default: '.' },
    requests: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '6' },
    only: { type: 'string', default: 'auth.me,field.today,dispatch.day,searchCases' },
    agents: { type: 'string', default: '10' },
  },
});
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL: a copy of the lender preset (the sign-ins write sessions)');
const roots = values.roots.split(',').map((r) => path.resolve(r));
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const procedures = values.only.split(',').map((p) => p.trim());

let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcCount++;
    gcMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

const log = pino({ level: 'warn' });
interface TreeApp {
  root: string;
  app: FastifyInstance;
  handle: { close(): Promise<void> };
}
const apps: TreeApp[] = [];
for (const root of roots) {
  // Each tree's own modules (another checkout's server/), one database pool per tree, as one app process has.
  const { openDb } = await import(path.join(root, 'server/db/client.ts'));
  const { loadEnv } = await import(path.join(root, 'server/env.ts'));
  const { buildHttpServer } = await import(path.join(root, 'server/http.ts'));
  const env = loadEnv({ ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DEMO_DATA: 'off' });
  const handle = await openDb({
    databaseUrl,
    dataDir: '/tmp',
    reports: { connections: env.REPORTS_DB_CONNECTIONS, statementTimeoutMs: env.REPORTS_STATEMENT_TIMEOUT_MS },
  });
  const app = await buildHttpServer({
    db: handle.db,
    reportsDb: handle.reportsDb,
    dbKind: handle.kind,
    env,
    log,
    sessionSecret: 'bench-api-session-secret-0001',
  });
  apps.push({ root, app, handle });
}
try {
  // Sign in and build the inputs through the first app, listening for the fixtures' HTTP calls.
  const first = apps[0] as TreeApp;
  const base = await first.app.listen({ port: 0, host: '127.0.0.1' });
  const { sources } = await prepareSources(base, databaseUrl, { agents: Number(values.agents) });
  const cookie = sources['field.today']?.().headers.cookie as string;
  const all: Record<string, () => RequestSpec> = {
    ...sources,
    'auth.me': () => ({ method: 'GET', path: '/trpc/auth.me', headers: { cookie } }),
  };
  const send = async (app: FastifyInstance, next: () => RequestSpec, count: number) => {
    for (let i = 0; i < count; i++) {
      const spec = next();
      const res = await app.inject({ method: spec.method, url: spec.path, headers: spec.headers, payload: spec.body });
      if (res.statusCode !== 200)
        throw new Error(`${spec.path.slice(0, 60)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
  };
  console.log(`bench:inject on ${new URL(databaseUrl).pathname.slice(1)}; ${rounds} rounds of ${requests} per tree`);
  console.log('\n| procedure | tree | CPU ms/req per round | mean | GCs/1000 req | GC ms/req | load |');
  console.log('|---|---|---|--:|--:|--:|--:|');
  for (const p of procedures) {
    const next = all[p];
    if (!next) throw new Error(`unknown procedure ${p}; one of ${Object.keys(all).join(', ')}`);
    // Warm: JIT, the pools' connections and their prepared statements.
    for (const { app } of apps) await send(app, next, 300);
    const rows = apps.map(() => ({ cpu: [] as number[], gc: 0, gcMs: 0, load: 0 }));
    for (let round = 0; round < rounds; round++) {
      for (const [i, { app }] of apps.entries()) {
        const row = rows[i] as (typeof rows)[number];
        row.load += loadavg()[0] as number;
        const [gc0, gcMs0] = [gcCount, gcMs];
        const t0 = process.cpuUsage();
        await send(app, next, requests);
        const t = process.cpuUsage(t0);
        row.cpu.push((t.user + t.system) / 1000 / requests);
        row.gc += gcCount - gc0;
        row.gcMs += gcMs - gcMs0;
      }
    }
    for (const [i, { root }] of apps.entries()) {
      const r = rows[i] as (typeof rows)[number];
      const mean = r.cpu.reduce((s, x) => s + x, 0) / r.cpu.length;
      const n = rounds * requests;
      console.log(
        `| ${p} | ${root} | ${r.cpu.map((x) => x.toFixed(2)).join(' / ')} | ${mean.toFixed(3)} | ` +
          `${((r.gc * 1000) / n).toFixed(1)} | ${(r.gcMs / n).toFixed(3)} | ${(r.load / rounds).toFixed(1)} |`,
      );
    }
  }
} finally {
  for (const { app, handle } of apps) {
    await app.close();
    await handle.close();
  }
}
