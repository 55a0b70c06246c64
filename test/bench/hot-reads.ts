/**
 * `DATABASE_URL=postgres://… npm run bench:hot -- [--runs N] [--explain]` — how long the three hot reads of a
 * lender take, in process, through the real router: dispatch.day of the busiest team-day (as its dispatcher),
 * field.today (as the agent leading that team's first crew) and the cases worklist (the first page the
 * dispatcher sees, a text search, and the manager's five teams). Needs a database seeded with
 * `npm run seed -- --preset lender`. Per procedure it prints the wall time (mean/p50/p95), the app's CPU per
 * call, and the time its SQL statements spent in PostgreSQL (each statement timed at the driver, summed per
 * call; statements of one call may overlap). `--explain` adds EXPLAIN ANALYZE of each procedure's slowest
 * statement. Asserts nothing about time: this is the before/after instrument of docs/scale.md "Hot reads".
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDb } from '../../server/db/client';
import { lenderLogins } from '../../server/db/seed/presets';
import { createCaller } from '../../server/trpc/root';
import { rows } from '../helpers/db-rows';
import { makeContext } from '../integration/helpers/db';
import { sessionUserFor } from '../integration/helpers/demo';
import { pct } from './timing';

const { values: opts } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, explain: { type: 'boolean', default: false } },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL (a PostgreSQL database seeded with --preset lender) is needed');

/** Every statement the driver sends, with its time from send to the last row, while `recording` is on. */
interface Statement {
  text: string;
  values: unknown[];
  ms: number;
}
let recording: Statement[] | null = null;
type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;
const clientQuery = pg.Client.prototype.query as unknown as QueryFn;
(pg.Client.prototype as unknown as { query: QueryFn }).query = function (this: pg.Client, ...args: unknown[]) {
  const log = recording;
  if (!log) return clientQuery.apply(this, args);
  const first = args[0] as string | { text: string; values?: unknown[] };
  const text = typeof first === 'string' ? first : first.text;
  // drizzle sends ({ text, rowMode, types }, params); pg's pool sends (text, params, callback).
  const values = (typeof first === 'string' ? args[1] : (first.values ?? args[1])) as unknown[] | undefined;
  const t0 = performance.now();
  const done = () => log.push({ text, values: Array.isArray(values) ? values : [], ms: performance.now() - t0 });
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    args[args.length - 1] = (...cbArgs: unknown[]) => {
      done();
      return (last as (...a: unknown[]) => unknown)(...cbArgs);
    };
    return clientQuery.apply(this, args);
  }
  const result = clientQuery.apply(this, args) as Promise<unknown>;
  return result.then((r) => {
    done();
    return r;
  });
};

const handle = await openDb({ databaseUrl: url, dataDir: 'unused' });
const logins = lenderLogins();
const [busiest] = await rows<{ team_id: string; visit_date: string; n: number }>(
  handle,
  sql`select v.team_id, v.visit_date::text, count(*)::int as n from visits v join teams t on t.id = v.team_id
    where t.code = ${logins.busiest.teamCode} group by 1, 2 order by 3 desc, 2 limit 1`,
);
if (!busiest) throw new Error('no visits: seed the database with --preset lender');
const caller = async (username: string) => createCaller(makeContext(handle, await sessionUserFor(handle, username)));
const dispatcher = await caller(logins.dispatcher);
const agent = await caller(logins.agent);
const manager = await caller(logins.manager);
const first = await dispatcher.appointments.worklist({});
const someName = first.rows[3]?.borrowerName.slice(0, 2) ?? '王';

const procedures: Array<[string, () => Promise<unknown>]> = [
  [
    `dispatch.day ${busiest.visit_date} (${busiest.n} visits)`,
    () => dispatcher.dispatch.day({ teamId: busiest.team_id, date: busiest.visit_date }),
  ],
  [`field.today ${busiest.visit_date}`, () => agent.field.today({ date: busiest.visit_date })],
  ['worklist: first page (dispatcher)', () => dispatcher.appointments.worklist({})],
  [`worklist: search "${someName}"`, () => dispatcher.appointments.worklist({ q: someName })],
  ['worklist: broken promise chip', () => dispatcher.appointments.worklist({ filters: ['brokenPromise'] })],
  ['worklist: first page (manager)', () => manager.appointments.worklist({})],
];

const runs = Number(opts.runs);
const f = (n: number) => n.toFixed(1).padStart(6);
console.log(`lender: ${first.total} active cases on the dispatcher's team; ${runs} runs each (3 warm-ups)\n`);
console.log(`${'procedure'.padEnd(42)}  wall mean    p50    p95 | cpu mean | sql sum mean   p95  stmts`);
for (const [label, call] of procedures) {
  for (let i = 0; i < 3; i++) await call();
  const wall: number[] = [];
  const cpu: number[] = [];
  const db: number[] = [];
  let slowest: Statement | null = null;
  let statements = 0;
  // Each statement's total time over the runs, by its text (the same text on every run of one procedure).
  const byText = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const log: Statement[] = [];
    recording = log;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await call();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    recording = null;
    cpu.push((c.user + c.system) / 1000);
    db.push(log.reduce((s, q) => s + q.ms, 0));
    statements = log.length;
    for (const q of log) {
      if (!slowest || q.ms > slowest.ms) slowest = q;
      byText.set(q.text, (byText.get(q.text) ?? 0) + q.ms);
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(42)}  ${f(mean(wall))} ${f(pct(sorted(wall), 50))} ${f(pct(sorted(wall), 95))} |   ${f(mean(cpu))} |       ${f(mean(db))} ${f(pct(sorted(db), 95))}  ${String(statements).padStart(5)}`,
  );
  const costliest = [...byText].sort((a, b) => b[1] - a[1]).slice(0, 3);
  for (const [text, ms] of costliest) console.log(`    ${f(ms / runs)} ms  ${text.slice(0, 90).replace(/\s+/g, ' ')}`);
  if (opts.explain && slowest) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const plan = await client.query(`explain (analyze, buffers) ${slowest.text}`, slowest.values);
    console.log(
      `  slowest statement (${slowest.ms.toFixed(1)} ms): ${slowest.text.slice(0, 160).replace(/\s+/g, ' ')}…`,
    );
    for (const r of plan.rows as Array<{ 'QUERY PLAN': string }>) console.log(`    ${r['QUERY PLAN']}`);
    await client.end();
  }
}
await handle.close();
