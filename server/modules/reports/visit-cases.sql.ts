/**
 * The select a report row and a visit's timeline header share (reports.repo and timeline.repo both build on it;
 * a repository never calls another repository, so the shared SQL lives in this helper of the module).
 */
import { and, eq } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import {
  addresses,
  agents,
  appointments,
  borrowers,
  cases,
  crews,
  policySettings,
  teams,
  visits,
} from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { policyRowInEffect } from '../../db/sql/effective-policy.sql';

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
    .innerJoin(policySettings, and(eq(policySettings.teamId, visits.teamId), policyRowInEffect()))
    .leftJoin(crews, eq(crews.id, visits.crewId))
    .leftJoin(agents, eq(agents.id, visits.agentId));
}
