import { and, desc, eq, inArray } from 'drizzle-orm';
import {
  addresses,
  appointments,
  borrowers,
  cases,
  crews,
  outcomes,
  policySettings,
  teams,
  users,
  visits,
} from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { policyRowInEffect } from '../../db/sql/effective-policy.sql';

/** The latest outcomes recorded in the given teams (all teams when null), newest first. */
export async function findRecentOutcomes(db: DbOrTx, teamIds: string[] | null, limit: number) {
  if (teamIds && teamIds.length === 0) return [];
  const q = db
    .select({
      id: outcomes.id,
      visitId: outcomes.visitId,
      version: outcomes.version,
      code: outcomes.code,
      recordedAt: outcomes.recordedAt,
      recordedByName: users.displayName,
      borrowerName: borrowers.fullName,
      district: addresses.district,
      crewName: crews.name,
      promisedAmountCents: outcomes.promisedAmountCents,
      promisedDate: outcomes.promisedDate,
      idShown: outcomes.idShown,
      teamId: teams.id,
      teamName: teams.name,
      timeZone: policySettings.timeZone,
    })
    .from(outcomes)
    .innerJoin(visits, eq(visits.id, outcomes.visitId))
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .innerJoin(teams, eq(teams.id, visits.teamId))
    .innerJoin(policySettings, and(eq(policySettings.teamId, teams.id), policyRowInEffect()))
    .innerJoin(users, eq(users.id, outcomes.recordedBy))
    .leftJoin(crews, eq(crews.id, visits.crewId))
    .orderBy(desc(outcomes.recordedAt), desc(outcomes.id))
    .limit(limit);
  return teamIds ? q.where(inArray(visits.teamId, teamIds)) : q;
}
