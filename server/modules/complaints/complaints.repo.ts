import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { appointments, cases, complaints, policySettings, users, userTeams, visits } from '../../../drizzle/schema';
import type { ComplaintStatus, ContactChannel } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';
import { policyRowInEffect } from '../../db/sql/effective-policy.sql';

/** Complaints in the given teams (all when null), newest first, with the assignee's name. */
export async function findComplaints(db: DbOrTx, teamIds: string[] | null, status?: ComplaintStatus) {
  if (teamIds?.length === 0) return [];
  const parts: Array<SQL | undefined> = [];
  if (teamIds) parts.push(inArray(complaints.teamId, teamIds));
  if (status) parts.push(eq(complaints.status, status));
  return db
    .select({
      id: complaints.id,
      teamId: complaints.teamId,
      visitId: complaints.visitId,
      caseId: complaints.caseId,
      channel: complaints.channel,
      text: complaints.text,
      status: complaints.status,
      assignedTo: complaints.assignedTo,
      assigneeName: users.displayName,
      resolution: complaints.resolution,
      createdAt: complaints.createdAt,
      resolvedAt: complaints.resolvedAt,
      timeZone: policySettings.timeZone,
    })
    .from(complaints)
    .innerJoin(policySettings, and(eq(policySettings.teamId, complaints.teamId), policyRowInEffect()))
    .leftJoin(users, eq(users.id, complaints.assignedTo))
    .where(and(...parts))
    .orderBy(desc(complaints.createdAt), desc(complaints.id))
    .limit(500);
}

export async function findComplaint(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: complaints.id,
      teamId: complaints.teamId,
      status: complaints.status,
      assignedTo: complaints.assignedTo,
    })
    .from(complaints)
    .where(eq(complaints.id, id));
  return row;
}

/** The team, case and borrower of a visit, for attaching a complaint to it. */
export async function findVisitParties(db: DbOrTx, visitId: string) {
  const [row] = await db
    .select({ teamId: visits.teamId, caseId: cases.id, borrowerId: cases.borrowerId })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .where(eq(visits.id, visitId));
  return row;
}

export async function insertComplaint(
  db: DbOrTx,
  row: {
    teamId: string;
    borrowerId: string;
    caseId: string;
    visitId: string;
    channel: ContactChannel;
    text: string;
    createdAt: Date;
  },
) {
  const [created] = await db.insert(complaints).values(row).returning({ id: complaints.id });
  return created as { id: string };
}

export async function updateComplaint(
  db: DbOrTx,
  id: string,
  patch: Partial<{ status: ComplaintStatus; assignedTo: string; resolution: string; resolvedAt: Date }>,
) {
  await db.update(complaints).set(patch).where(eq(complaints.id, id));
}

/** Whether a user is an active manager or dispatcher of the team (who may handle its complaints). */
export async function isTeamHandler(db: DbOrTx, userId: string, teamId: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userTeams, eq(userTeams.userId, users.id))
    .where(
      and(
        eq(users.id, userId),
        eq(userTeams.teamId, teamId),
        eq(users.active, true),
        inArray(users.role, ['manager', 'dispatcher']),
      ),
    );
  return rows.length > 0;
}

/** Active managers and dispatchers of the teams, for the assignee picker. */
export async function findHandlers(db: DbOrTx, teamIds: string[] | null) {
  if (teamIds?.length === 0) return [];
  const parts: Array<SQL | undefined> = [eq(users.active, true), inArray(users.role, ['manager', 'dispatcher'])];
  if (teamIds) parts.push(inArray(userTeams.teamId, teamIds));
  return db
    .selectDistinct({ id: users.id, name: users.displayName, role: users.role, teamId: userTeams.teamId })
    .from(users)
    .innerJoin(userTeams, eq(userTeams.userId, users.id))
    .where(and(...parts));
}
