import { and, eq, gte, lte, ne, sql } from 'drizzle-orm';
import {
  addresses,
  appointments,
  cases,
  complianceAcknowledgements,
  policySettings,
  users,
  visits,
} from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { policyRowInEffect } from '../../db/sql/effective-policy.sql';
import { latestOutcome, type VisitScope, visitScopeWhere } from '../../db/sql/visit-scope.sql';

/** Per visit in scope: what the compliance rules look at (check-in, slot, policy, outcome evidence, addresses). */
export async function findComplianceFacts(db: DbOrTx, scope: VisitScope, visitId?: string) {
  if (scope.teamIds?.length === 0) return [];
  return db
    .select({
      visitId: visits.id,
      teamId: visits.teamId,
      visitDate: visits.visitDate,
      status: visits.status,
      secondAgentId: visits.secondAgentId,
      checkInAt: visits.checkInAt,
      checkInDistanceM: visits.checkInDistanceM,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      caseBorrowerId: cases.borrowerId,
      addressBorrowerId: addresses.borrowerId,
      timeZone: policySettings.timeZone,
      allowedStart: policySettings.allowedStart,
      allowedEnd: policySettings.allowedEnd,
      frequencyCap: policySettings.frequencyCap,
      frequencyWindowDays: policySettings.frequencyWindowDays,
      twoPersonRule: policySettings.twoPersonRule,
      thresholdM: policySettings.checkInDistanceThresholdM,
      idShown: sql<boolean | null>`lo.id_shown`,
      recordings: sql<number | null>`jsonb_array_length(lo.recording_refs)`,
      // Versions recorded after the visit's local day: corrections made later than the day itself.
      lateEdits: sql<
        string[] | null
      >`(select array_agg(o.version::text || '@' || o.recorded_at::text order by o.version)
        from outcomes o where o.visit_id = ${visits.id} and o.version > 1
        and (o.recorded_at at time zone ${policySettings.timeZone})::date > ${visits.visitDate})`,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .innerJoin(
      policySettings,
      and(eq(policySettings.teamId, visits.teamId), policyRowInEffect('policy_settings', sql`${visits.visitDate}`)),
    )
    .leftJoin(latestOutcome, sql`true`)
    .where(and(visitScopeWhere(scope), visitId ? eq(visits.id, visitId) : undefined));
}
export type ComplianceFact = Awaited<ReturnType<typeof findComplianceFacts>>[number];

/**
 * Dates of every non-cancelled visit of these borrowers between two dates (for the frequency cap). The ids go
 * as ONE array parameter: an admin's month names ~90,000 borrowers, past the protocol's 65,535 parameters a
 * statement may have (an `in (…)` list of one parameter each failed with 08P01).
 */
export async function findBorrowerVisitDates(db: DbOrTx, borrowerIds: string[], from: string, to: string) {
  if (borrowerIds.length === 0) return [];
  return db
    .select({ borrowerId: cases.borrowerId, visitDate: visits.visitDate })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .where(
      and(
        sql`${cases.borrowerId} = any(${sql.param(borrowerIds)}::uuid[])`,
        gte(visits.visitDate, from),
        lte(visits.visitDate, to),
        ne(visits.status, 'cancelled'),
      ),
    );
}

/** The acknowledgements of these visits (one array parameter, as above). */
export async function findAcks(db: DbOrTx, visitIds: string[]) {
  if (visitIds.length === 0) return [];
  return db
    .select({
      rule: complianceAcknowledgements.rule,
      visitId: complianceAcknowledgements.visitId,
      comment: complianceAcknowledgements.comment,
      by: users.displayName,
      at: complianceAcknowledgements.acknowledgedAt,
    })
    .from(complianceAcknowledgements)
    .innerJoin(users, eq(users.id, complianceAcknowledgements.acknowledgedBy))
    .where(sql`${complianceAcknowledgements.visitId} = any(${sql.param(visitIds)}::uuid[])`);
}

/** Inserts an acknowledgement unless one exists for the rule and visit; returns whether it was inserted. */
export async function insertAck(
  db: DbOrTx,
  row: { teamId: string; rule: string; visitId: string; comment: string; acknowledgedBy: string; acknowledgedAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(complianceAcknowledgements)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: complianceAcknowledgements.id });
  return inserted.length > 0;
}
