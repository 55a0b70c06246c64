import { and, eq, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import {
  addresses,
  agents,
  appointments,
  borrowers,
  cases,
  complaints,
  crews,
  policySettings,
  repaymentPlans,
  teams,
  visits,
} from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** Which visits a report covers: local visit dates [from, to] in the given teams (all when null), optionally one crew or agent. */
export interface VisitScope {
  teamIds: string[] | null;
  from: string;
  to: string;
  crewId?: string;
  agentId?: string;
}

// The latest version of the visit's outcome (corrections replace what the numbers count), looked up per visit
// through the (visit_id, version) index rather than by sorting every outcome ever recorded.
const latest = sql`lateral (select o.id, o.code, o.borrower_present, o.promised_amount_cents from outcomes o
  where o.visit_id = ${visits.id} order by o.version desc limit 1) as lo`;

function scopeWhere(scope: VisitScope): SQL | undefined {
  const parts: Array<SQL | undefined> = [gte(visits.visitDate, scope.from), lte(visits.visitDate, scope.to)];
  if (scope.teamIds) parts.push(inArray(visits.teamId, scope.teamIds));
  if (scope.crewId) parts.push(eq(visits.crewId, scope.crewId));
  if (scope.agentId) parts.push(or(eq(visits.agentId, scope.agentId), eq(visits.secondAgentId, scope.agentId)));
  return and(...parts);
}

// What a report row and a visit's timeline header both show: the visit with its slot, team, case and borrower,
// and the crew and agent once assigned.
const visitCaseColumns = {
  visitId: visits.id,
  visitDate: visits.visitDate,
  status: visits.status,
  visitType: visits.visitType,
  teamId: visits.teamId,
  teamName: teams.name,
  timeZone: policySettings.timeZone,
  crewName: crews.name,
  agentName: agents.fullName,
  slotStart: appointments.slotStart,
  slotEnd: appointments.slotEnd,
  checkInAt: visits.checkInAt,
  checkInDistanceM: visits.checkInDistanceM,
  caseId: cases.id,
  loanRef: cases.loanRef,
  borrowerName: borrowers.fullName,
  borrowerPhone: borrowers.phone,
  borrowerIdNumber: borrowers.idNumber,
};

/**
 * Visits joined to their appointment, address, case, borrower, team and policy (crew and agent left-joined),
 * selecting the shared columns plus `extra`; the caller adds its where. Joined, so columns render qualified.
 */
export function selectVisitCases<TExtra extends SelectedFields>(db: DbOrTx, extra: TExtra) {
  return db
    .select({ ...visitCaseColumns, ...extra })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .innerJoin(teams, eq(teams.id, visits.teamId))
    .innerJoin(policySettings, eq(policySettings.teamId, visits.teamId))
    .leftJoin(crews, eq(crews.id, visits.crewId))
    .leftJoin(agents, eq(agents.id, visits.agentId));
}

/** One row per visit in scope with what every KPI, the table and the exports need (no PII masking here). */
export async function findVisitFacts(db: DbOrTx, scope: VisitScope) {
  if (scope.teamIds?.length === 0) return [];
  const lo = sql.raw('lo');
  return selectVisitCases(db, {
    crewId: visits.crewId,
    agentId: visits.agentId,
    secondAgentId: visits.secondAgentId,
    lat: addresses.lat,
    lng: addresses.lng,
    district: addresses.district,
    outcomeId: sql<string | null>`${lo}.id`,
    outcomeCode: sql<string | null>`${lo}.code::text`,
    borrowerPresent: sql<boolean | null>`${lo}.borrower_present`,
    promisedAmountCents: sql<number | null>`${lo}.promised_amount_cents`,
    hasPlan: sql<boolean>`exists (select 1 from ${repaymentPlans} rp where rp.outcome_id = ${lo}.id)`,
  })
    .leftJoin(latest, sql`true`)
    .where(scopeWhere(scope));
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
