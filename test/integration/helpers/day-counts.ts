import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { visits } from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { countCrewDays, visitCounts } from '../../../server/modules/reports/dashboard.repo';
import { teamDayCounts, teamDayVisitTotal } from '../../../server/modules/reports/day-counts.repo';
import { splitCounts } from '../../../server/modules/reports/reports.compute';
import { countVisits } from '../../../server/modules/reports/reports.repo';
import { addDays } from '../../../shared/time';
import { TODAY } from './demo';

/** What the dashboard shows of a scope's counts: its totals with crew-days, its trend, outcomes and agents. */
function shown(rows: Parameters<typeof splitCounts>[0], crewDays: number) {
  const { scope: s, trend, byOutcome, byAgent } = splitCounts(rows);
  const totals = {
    planned: s.planned,
    made: s.made,
    missed: s.missed,
    present: s.present,
    promises: s.promises,
    promisedCents: s.promisedCents,
    plans: s.plans,
    checkedIn: s.checkedIn,
    onTime: s.onTime,
    travelMinutes: s.travelMinutes,
    // A float sum: the same legs summed per team-day first may differ in the last digits.
    travelKm: Math.round(s.travelM) / 1000,
    crewDays,
  };
  return { totals, trend, byOutcome, byAgent };
}

/** The dashboard's counts of `scope` from the team-day counts equal those from its visits. Returns the made visits. */
async function expectSameAsVisits(handle: DbHandle, scope: { teamIds: string[] | null; from: string; to: string }) {
  const [direct, crewDays, fromDays, visitTotal, dayVisitTotal] = await Promise.all([
    visitCounts(handle.db, scope),
    countCrewDays(handle.db, scope),
    teamDayCounts(handle.db, scope),
    countVisits(handle.db, scope, {}),
    teamDayVisitTotal(handle.db, scope),
  ]);
  const whole = fromDays.find((r) => r.grouping === 15);
  const want = shown(direct, crewDays);
  expect(shown(fromDays, whole?.crewDays ?? 0), JSON.stringify(scope)).toEqual(want);
  // The visit table's total as it opens (every visit, cancelled too; migration 0031).
  expect([dayVisitTotal, JSON.stringify(scope)]).toEqual([visitTotal, JSON.stringify(scope)]);
  return want.totals.made;
}

/**
 * The team-day counts (migrations 0028, 0031) equal a count of the visits (dashboard.repo, the definitions of
 * visit-filters.sql.ts) for every team over the seeded period, each day of the city around today and the whole city.
 * Returns the whole city's made visits.
 */
export async function expectCountsTrue(handle: DbHandle): Promise<number> {
  const [range] = await handle.db
    .select({ from: sql<string>`min(${visits.visitDate})::text`, to: sql<string>`max(${visits.visitDate})::text` })
    .from(visits);
  const from = range?.from ?? TODAY;
  const to = range?.to ?? TODAY;
  const teams = await handle.db.selectDistinct({ teamId: visits.teamId }).from(visits);
  for (const t of teams) await expectSameAsVisits(handle, { teamIds: [t.teamId], from, to });
  // Scopes of one team count share one statement built once (server/db/named.ts): each with its own teams.
  const ids = teams.map((t) => t.teamId);
  for (const pair of [ids.slice(0, 2), ids.slice(-2), ids.slice(0, 2)]) {
    await expectSameAsVisits(handle, { teamIds: pair, from, to: TODAY });
  }
  for (const day of [addDays(TODAY, -1), TODAY, addDays(TODAY, 1)]) {
    await expectSameAsVisits(handle, { teamIds: null, from: day, to: day });
  }
  return expectSameAsVisits(handle, { teamIds: null, from, to });
}
