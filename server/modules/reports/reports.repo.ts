import { and, inArray, sql } from 'drizzle-orm';
import { addresses, complaints, repaymentPlans, visitPlace, visits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { latestOutcome, type VisitScope, visitScopeWhere } from '../../db/sql/visit-scope.sql';
import { selectVisitCases } from './visit-cases.sql';

/** One row per visit in scope with what every KPI, the table and the exports need (no PII masking here). */
export async function findVisitFacts(db: DbOrTx, scope: VisitScope) {
  if (scope.teamIds?.length === 0) return [];
  const lo = sql.raw('lo');
  return selectVisitCases(db, {
    crewId: visits.crewId,
    agentId: visits.agentId,
    secondAgentId: visits.secondAgentId,
    lat: visitPlace.lat,
    lng: visitPlace.lng,
    district: addresses.district,
    outcomeId: sql<string | null>`${lo}.id`,
    outcomeCode: sql<string | null>`${lo}.code::text`,
    borrowerPresent: sql<boolean | null>`${lo}.borrower_present`,
    promisedAmountCents: sql<number | null>`${lo}.promised_amount_cents`,
    hasPlan: sql<boolean>`exists (select 1 from ${repaymentPlans} rp where rp.outcome_id = ${lo}.id)`,
  })
    .leftJoin(latestOutcome, sql`true`)
    .where(visitScopeWhere(scope));
}
export type VisitFact = Awaited<ReturnType<typeof findVisitFacts>>[number];

/** Complaints not yet resolved in the given teams. */
export async function countOpenComplaints(db: DbOrTx, teamIds: string[] | null): Promise<number> {
  if (teamIds?.length === 0) return 0;
  const where = teamIds
    ? and(sql`${complaints.status} <> 'resolved'`, inArray(complaints.teamId, teamIds))
    : sql`${complaints.status} <> 'resolved'`;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(complaints).where(where);
  return row?.n ?? 0;
}
