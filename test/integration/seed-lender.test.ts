import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { lenderLogins, type SeedSummary, seedDemo } from '../../server/db/seed';
import { createTestDb } from './helpers/db';

const TODAY = '2026-05-04';
let handle: DbHandle;
let summary: SeedSummary;

/** The `--preset lender` insert path at a small size: 4 teams, 16 crews, 2000 cases, 120 visits a day. */
beforeAll(async () => {
  handle = await createTestDb();
  summary = await seedDemo(handle.db, {
    seed: 11,
    cases: 2000,
    agents: 32,
    today: TODAY,
    lender: { teams: 4, visitsPerDay: 120 },
  });
});
afterAll(async () => handle?.close());

const count = async (table: string) => {
  const res = await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as Array<{ n: number }>;
  return rows[0]?.n;
};

describe('lender preset insert', () => {
  it('writes every generated row', async () => {
    expect(summary.counts.teams).toBe(4);
    expect(summary.counts.cases).toBe(2000);
    for (const [table, key] of [
      ['teams', 'teams'],
      ['users', 'users'],
      ['agents', 'agents'],
      ['crews', 'crews'],
      ['cases', 'cases'],
      ['addresses', 'addresses'],
      ['contact_attempts', 'contactAttempts'],
      ['appointments', 'appointments'],
      ['visits', 'visits'],
      ['outcomes', 'outcomes'],
      ['slot_links', 'slotLinks'],
    ] as const) {
      expect(await count(table), table).toBe(summary.counts[key]);
    }
    expect(summary.counts.visits).toBeGreaterThan(1000);
  });

  it("stores the busiest team-day on the printed dispatcher's team", async () => {
    expect(summary.busiest).toMatchObject({ teamCode: 'SH01', date: TODAY });
    const res = await handle.db.execute(sql`
      select t.code, count(*)::int as n from visits v
      join teams t on t.id = v.team_id
      join user_teams ut on ut.team_id = t.id
      join users u on u.id = ut.user_id and u.username = ${lenderLogins().dispatcher}
      where v.visit_date = ${TODAY} group by t.code`);
    const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as Array<{ code: string; n: number }>;
    expect(rows).toEqual([{ code: 'SH01', n: summary.busiest.visits }]);
  });
});
