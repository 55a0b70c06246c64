/**
 * `npx tsx test/bench/cases-bench.ts [--cases N] [--runs R] [--url postgres://…]` — how fast the Cases worklist
 * answers on a lender's whole portfolio. Seeds the demo city into a scratch PostgreSQL database (the --url or
 * TEST_DATABASE_URL server), copies its cases — borrowers, addresses, notices, callback requests, appointments,
 * visits, outcomes (one-off promises), plans and instalments — until there are about N cases (100,000 by
 * default), then times `appointments.worklist` through the real router for each filter and each sort, as the
 * dispatcher (one team) and as the admin (every team), and prints the indexes PostgreSQL's plan uses for the
 * page query. Prints p50/p95 in milliseconds; asserts nothing about time.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../../server/db/client';
import { openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { seedDemo } from '../../server/db/seed';
import { writeStoredStateFromHistory } from '../../server/db/seed/stored-state';
import { worklistQueries } from '../../server/modules/cases/worklist.repo';
import { createCaller } from '../../server/trpc/root';
import { DEMO_USERS } from '../../shared/demo';
import { type WorklistInput, worklistInput } from '../../shared/schemas/worklist';
import { rows } from '../helpers/db-rows';
import { createScratchDatabase } from '../helpers/scratch-database';
import { makeContext } from '../integration/helpers/db';
import { sessionUserFor, TODAY } from '../integration/helpers/demo';
import { timeRuns } from './timing';

function args(argv: string[]) {
  const out = { cases: 100_000, runs: 10, url: process.env.TEST_DATABASE_URL ?? '', keep: false, reuse: '' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cases') out.cases = Number(argv[++i]);
    else if (argv[i] === '--runs') out.runs = Number(argv[++i]);
    else if (argv[i] === '--url') out.url = argv[++i] ?? '';
    // Keep the scratch database (its URL is printed), or time one kept before without seeding again.
    else if (argv[i] === '--keep') out.keep = true;
    else if (argv[i] === '--reuse') out.reuse = argv[++i] ?? '';
  }
  return out;
}

/**
 * Copies every seeded case `copies` times with new ids, in the same teams: each table is copied through a temp
 * table whose id columns are rewritten from the id maps, so every column the schema has is carried over.
 */
async function multiplyCases(handle: DbHandle, copies: number) {
  const copy = (table: string, map: string) =>
    sql.raw(`create temp table t_${table} on commit drop as
      select m.k, m.new_id, x.* from ${table} x join ${map} m on m.old_id = x.id`);
  const insert = (table: string, updates: string) => [
    sql.raw(`update t_${table} set id = new_id${updates ? `, ${updates}` : ''}`),
    sql.raw(`alter table t_${table} drop column k, drop column new_id`),
    sql.raw(`insert into ${table} select * from t_${table}`),
  ];
  const idMap = (name: string, from: string) =>
    sql.raw(`create temp table ${name} on commit drop as
      select g.k, x.id as old_id, gen_random_uuid() as new_id from ${from} x cross join generate_series(1, ${copies}) g(k)`);
  const run = async (
    tx: Parameters<Parameters<DbHandle['db']['transaction']>[0]>[0],
    steps: ReturnType<typeof sql>[],
  ) => {
    for (const step of steps) await tx.execute(step);
  };
  await handle.db.transaction(async (tx) => {
    await tx.execute(idMap('m_borrowers', 'borrowers'));
    await tx.execute(idMap('m_cases', 'cases'));
    await tx.execute(idMap('m_addresses', 'addresses'));
    await tx.execute(idMap('m_appointments', 'appointments'));
    await tx.execute(idMap('m_visits', 'visits'));
    await tx.execute(idMap('m_outcomes', 'outcomes'));
    await tx.execute(idMap('m_repayment_plans', 'repayment_plans'));
    await tx.execute(idMap('m_instalments', 'instalments'));
    await tx.execute(idMap('m_contact_attempts', 'contact_attempts'));
    await tx.execute(idMap('m_follow_up_proposals', 'follow_up_proposals'));
    for (const m of ['m_borrowers', 'm_cases', 'm_addresses', 'm_appointments', 'm_visits', 'm_outcomes']) {
      await tx.execute(sql.raw(`create index on ${m} (old_id, k)`));
    }
    const mapped = (map: string, column: string, table: string) =>
      `${column} = (select n.new_id from ${map} n where n.old_id = t_${table}.${column} and n.k = t_${table}.k)`;
    await tx.execute(copy('borrowers', 'm_borrowers'));
    // Identity numbers are unique: the copy number replaces the first digits.
    await run(tx, insert('borrowers', `id_number = lpad(k::text, 4, '0') || substr(id_number, 5)`));
    await tx.execute(copy('addresses', 'm_addresses'));
    await run(tx, insert('addresses', mapped('m_borrowers', 'borrower_id', 'addresses')));
    await tx.execute(copy('cases', 'm_cases'));
    await run(
      tx,
      insert(
        'cases',
        `${mapped('m_borrowers', 'borrower_id', 'cases')}, loan_ref = loan_ref || '-' || k,
        days_past_due = (days_past_due + k * 7) % 720`,
      ),
    );
    await tx.execute(copy('contact_attempts', 'm_contact_attempts'));
    await run(tx, insert('contact_attempts', mapped('m_cases', 'case_id', 'contact_attempts')));
    await tx.execute(copy('appointments', 'm_appointments'));
    await run(
      tx,
      insert(
        'appointments',
        `${mapped('m_cases', 'case_id', 'appointments')}, ${mapped('m_addresses', 'address_id', 'appointments')}`,
      ),
    );
    await tx.execute(copy('visits', 'm_visits'));
    await run(tx, insert('visits', mapped('m_appointments', 'appointment_id', 'visits')));
    await tx.execute(copy('outcomes', 'm_outcomes'));
    await run(tx, insert('outcomes', mapped('m_visits', 'visit_id', 'outcomes')));
    await tx.execute(copy('repayment_plans', 'm_repayment_plans'));
    await run(
      tx,
      insert(
        'repayment_plans',
        `${mapped('m_outcomes', 'outcome_id', 'repayment_plans')}, ${mapped('m_cases', 'case_id', 'repayment_plans')}`,
      ),
    );
    await tx.execute(copy('instalments', 'm_instalments'));
    await run(tx, insert('instalments', mapped('m_repayment_plans', 'plan_id', 'instalments')));
    await tx.execute(copy('follow_up_proposals', 'm_follow_up_proposals'));
    await run(tx, insert('follow_up_proposals', mapped('m_cases', 'case_id', 'follow_up_proposals')));
    // The copied visits still point at the originals' outcomes: each at its own copy, from the history.
    await writeStoredStateFromHistory(tx);
  });
}

/** The indexes the plan of the page query reads (EXPLAIN of exactly what the app sends). */
async function indexesUsed(handle: DbHandle, input: WorklistInput, teamIds: string[] | null) {
  const { page } = worklistQueries(handle.db, input, teamIds, new Date());
  const plan = await rows<{ 'QUERY PLAN': string }>(handle, sql`explain ${page}`);
  const text = plan.map((r) => r['QUERY PLAN']).join('\n');
  const used = new Set([...text.matchAll(/using (\w+)/gi)].map((m) => m[1] as string));
  return { used: [...used].sort(), seqScanCases: /Seq Scan on cases\b/.test(text) };
}

const CASES: Array<[string, Partial<WorklistInput>]> = [
  ['default (days past due ↓)', {}],
  ['filter: needs a notice', { filters: ['needsNotice'] }],
  ['filter: no slot yet', { filters: ['noSlot'] }],
  ['filter: callback requested', { filters: ['callback'] }],
  ['filter: broken promise', { filters: ['brokenPromise'] }],
  ['filter: dpd 90–180', { dpdMin: 90, dpdMax: 180 }],
  ['filter: district 浦东新区', { district: '浦东新区' }],
  ['search: "XJD2026"', { q: 'XJD2026' }],
  ['sort: amount ↓', { sort: 'amount' }],
  ['sort: last contact ↓', { sort: 'lastContact' }],
  ['sort: borrower ↑', { sort: 'borrower', desc: false }],
  ['sort: loan ref ↑', { sort: 'loanRef', desc: false }],
  ['sort: next slot ↑', { sort: 'nextSlot', desc: false }],
  ['page 200 (dpd ↓)', { page: 200 }],
];

async function main() {
  const opts = args(process.argv.slice(2));
  if (!opts.url && !opts.reuse)
    throw new Error('a PostgreSQL server is needed: --url postgres://… or TEST_DATABASE_URL');
  const scratch = opts.reuse
    ? { url: opts.reuse, drop: async () => {} }
    : await createScratchDatabase(opts.url, 'doorstep_bench');
  const handle = await openDb({ databaseUrl: scratch.url, dataDir: 'unused' });
  try {
    const t0 = performance.now();
    if (!opts.reuse) {
      await runMigrations(handle);
      await seedDemo(handle.db, { today: TODAY, timeZone: 'Asia/Shanghai' });
      const [seeded] = await rows<{ n: number }>(handle, sql`select count(*)::int as n from cases`);
      await multiplyCases(handle, Math.max(0, Math.ceil(opts.cases / Number(seeded?.n)) - 1));
      await handle.db.execute(sql`analyze`);
    }
    const users = {
      dispatcher: await sessionUserFor(handle, DEMO_USERS.dispatcher),
      admin: await sessionUserFor(handle, DEMO_USERS.admin),
    };
    const [counts] = await rows<Record<string, number>>(
      handle,
      sql`select (select count(*) from cases)::int as cases, (select count(*) from visits)::int as visits,
        (select count(*) from outcomes where code = 'promise_to_pay')::int as promises,
        (select count(*) from follow_up_proposals where status = 'open')::int as follow_ups`,
    );
    console.log(`PostgreSQL: ${JSON.stringify(counts)} (seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    for (const [who, user, teamIds] of [
      ['dispatcher (one team)', users.dispatcher, users.dispatcher.teamIds],
      ['admin (every team)', users.admin, null],
    ] as const) {
      const caller = createCaller(makeContext(handle, user));
      const first = await caller.appointments.worklist({});
      console.log(`\n${who}: ${first.total} active cases; counts ${JSON.stringify(first.counts)}; ${opts.runs} runs`);
      for (const [label, partial] of CASES) {
        const input = worklistInput.parse(partial);
        const timing = await timeRuns(opts.runs, () => caller.appointments.worklist(partial), 1);
        const plan = await indexesUsed(handle, input, teamIds ? [...teamIds] : null);
        console.log(
          `  ${label.padEnd(28)} ${timing}   ${plan.seqScanCases ? 'SEQ SCAN cases; ' : ''}${plan.used.join(', ')}`,
        );
      }
    }
  } finally {
    await handle.close();
    if (opts.keep) console.log(`\nkept: --reuse ${scratch.url}`);
    else await scratch.drop();
  }
}

await main();
