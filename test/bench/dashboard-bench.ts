/**
 * `npm run bench:dashboard [-- --runs N --days D]` — how fast the manager's dashboard answers for a month of
 * demo data. Seeds the demo city, then copies its past visits (with their appointments and outcomes) back in
 * time three days at a time until D days are covered, and times `reports.dashboard` (plus the first page of
 * the drill-down table and the compliance list) through the real router. Runs on in-memory PGlite, and on
 * PostgreSQL too when TEST_DATABASE_URL is set. Prints p50/p95 in milliseconds.
 */
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../../server/db/client';
import { writeStoredStateFromHistory } from '../../server/db/seed/stored-state';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { rows } from '../helpers/db-rows';
import { createTestDb, makeContext } from '../integration/helpers/db';
import { seedDemoUsers, TODAY } from '../integration/helpers/demo';
import { timeRuns } from './timing';

function args(argv: string[]) {
  const out = { runs: 30, days: 30 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') out.runs = Number(argv[++i]);
    else if (argv[i] === '--days') out.days = Number(argv[++i]);
  }
  return out;
}

async function count(handle: DbHandle, q: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: number }>(handle, q);
  return Number(row?.n);
}

/** Copies the seeded past (completed/missed) visits `shift` days earlier, with new ids. */
async function copyPastDays(handle: DbHandle, shift: number) {
  const days = sql.raw(`interval '${shift} days'`);
  const n = sql.raw(String(Math.trunc(shift)));
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`create temp table vmap on commit drop as
      select v.id as old_visit, gen_random_uuid() as new_visit, v.appointment_id as old_appt, gen_random_uuid() as new_appt
      from visits v where v.status in ('completed', 'missed') and v.visit_date > ${addDays(TODAY, -4)}`);
    await tx.execute(sql`insert into appointments (id, case_id, address_id, slot_start, slot_end, agreed_at, agreed_via,
        borrower_confirmed, status, created_at)
      select m.new_appt, a.case_id, a.address_id, a.slot_start - ${days}, a.slot_end - ${days}, a.agreed_at - ${days},
        a.agreed_via, a.borrower_confirmed, a.status, a.created_at - ${days}
      from vmap m join appointments a on a.id = m.old_appt`);
    await tx.execute(sql`insert into visits (id, appointment_id, team_id, visit_date, slot_start, slot_end, case_id, address_id, visit_type, status,
        crew_id, agent_id, second_agent_id, planned_arrival, service_minutes, route_position, priority, check_in_at,
        check_in_lat, check_in_lng, check_in_distance_m, check_out_at, check_out_lat, check_out_lng, updated_by, updated_at)
      select m.new_visit, m.new_appt, v.team_id, v.visit_date - ${n}, v.slot_start - ${days}, v.slot_end - ${days},
        v.case_id, v.address_id,
        v.visit_type, v.status, v.crew_id, v.agent_id,
        v.second_agent_id, v.planned_arrival - ${days}, v.service_minutes, v.route_position, v.priority,
        v.check_in_at - ${days}, v.check_in_lat, v.check_in_lng, v.check_in_distance_m, v.check_out_at - ${days},
        v.check_out_lat, v.check_out_lng, v.updated_by, v.updated_at - ${days}
      from vmap m join visits v on v.id = m.old_visit`);
    await tx.execute(sql`insert into outcomes (visit_id, version, code, id_shown, recording_refs, identity_verified,
        borrower_present, attitude, assets_observed, notes, promised_amount_cents, promised_date, signed_document_ref,
        next_action, recorded_by, recorded_at)
      select m.new_visit, o.version, o.code, o.id_shown, o.recording_refs, o.identity_verified, o.borrower_present,
        o.attitude, o.assets_observed, o.notes, o.promised_amount_cents, o.promised_date - ${n},
        o.signed_document_ref, o.next_action, o.recorded_by, o.recorded_at - ${days}
      from vmap m join outcomes o on o.visit_id = m.old_visit`);
    // Copied past the outcome writer: point the copies at their outcomes (and refresh the cases' stored facts).
    await writeStoredStateFromHistory(tx);
  });
}

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  console.log(`  ${label.padEnd(34)} ${await timeRuns(runs, fn)}`);
}

async function bench(kind: string, opts: { runs: number; days: number }) {
  const handle = await createTestDb();
  try {
    const users = await seedDemoUsers(handle);
    for (let shift = 3; shift < opts.days; shift += 3) await copyPastDays(handle, shift);
    await handle.db.execute(sql`analyze`);
    const from = addDays(TODAY, -(opts.days - 1));
    const visits = await count(handle, sql`select count(*)::int as n from visits where visit_date >= ${from}`);
    const made = await count(
      handle,
      sql`select count(*)::int as n from visits where visit_date >= ${from} and status = 'completed'`,
    );
    console.log(`\n${kind}: ${visits} visits (${made} made) from ${from} to ${TODAY}; ${opts.runs} runs each`);
    const manager = createCaller(makeContext(handle, users.manager));
    const admin = createCaller(makeContext(handle, users.admin));
    const filter = { from, to: TODAY };
    await time('reports.dashboard (manager, 2 teams)', opts.runs, () => manager.reports.dashboard(filter));
    await time('reports.dashboard (admin, all teams)', opts.runs, () => admin.reports.dashboard(filter));
    await time('reports.visits page 1 (manager)', opts.runs, () => manager.reports.visits({ filter }));
    await time('compliance.exceptions (manager)', opts.runs, () => manager.compliance.exceptions({ filter }));
  } finally {
    await handle.close();
  }
}

const opts = args(process.argv.slice(2));
const url = process.env.TEST_DATABASE_URL;
process.env.TEST_DATABASE_URL = '';
delete process.env.TEST_DATABASE_URL;
await bench('PGlite (in memory)', opts);
if (url) {
  process.env.TEST_DATABASE_URL = url;
  await bench('PostgreSQL', opts);
}
