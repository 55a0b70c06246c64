/** The outbox as the screens read it: a case's messages, a visit's, the failed ones of teams, an opt-out. */
import { and, desc, eq, getTableColumns, inArray, isNull, or, sql } from 'drizzle-orm';
import { borrowers, cases, contactOptOuts, messages, users, visits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

const messageColumns = { ...getTableColumns(messages), createdByName: users.displayName };

/** Every message of a case, newest first (messages_case_idx). */
export function findCaseMessages(db: DbOrTx, caseId: string) {
  return db
    .select(messageColumns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.createdBy))
    .where(eq(messages.caseId, caseId))
    .orderBy(desc(messages.createdAt), desc(messages.id));
}

/**
 * The messages about one visit, oldest first: those written for the visit itself (reminder, en route …) and
 * those of the appointment it carries out (the agreed slot, a move or cancellation before the visit existed).
 */
export function findVisitMessages(db: DbOrTx, visit: { visitId: string; appointmentId: string }) {
  return db
    .select(messageColumns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.createdBy))
    .where(or(eq(messages.visitId, visit.visitId), eq(messages.appointmentId, visit.appointmentId)))
    .orderBy(messages.createdAt, messages.id);
}

/** The team and appointment of a visit (to check access and find its messages); null if there is none. */
export async function findVisitRef(db: DbOrTx, visitId: string) {
  const [v] = await db
    .select({ visitId: visits.id, teamId: visits.teamId, appointmentId: visits.appointmentId })
    .from(visits)
    .where(eq(visits.id, visitId));
  return v ?? null;
}

/** Failed messages of the teams' cases (null: every team), the latest failure first (messages_team_status_idx). */
export async function findFailedMessages(
  db: DbOrTx,
  teamIds: string[] | null,
  page?: { limit: number; offset: number },
) {
  if (teamIds?.length === 0) return [];
  const query = db
    .select({
      id: messages.id,
      teamId: messages.teamId,
      caseId: messages.caseId,
      kind: messages.kind,
      statusReason: messages.statusReason,
      lastError: messages.lastError,
      loanRef: cases.loanRef,
      borrowerName: borrowers.fullName,
      daysPastDue: cases.daysPastDue,
      failedAt: messages.failedAt,
      updatedAt: messages.updatedAt,
    })
    .from(messages)
    .innerJoin(cases, eq(cases.id, messages.caseId))
    .innerJoin(borrowers, eq(borrowers.id, messages.borrowerId))
    .where(failedOf(teamIds))
    .orderBy(desc(messages.updatedAt), desc(messages.id));
  return page ? query.limit(page.limit).offset(page.offset) : query;
}

/** How many messages of the teams (null: every team) failed and wait for someone to reach the borrower. */
export async function countFailedMessages(db: DbOrTx, teamIds: string[] | null): Promise<number> {
  if (teamIds?.length === 0) return 0;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(failedOf(teamIds));
  return row?.n ?? 0;
}

function failedOf(teamIds: string[] | null) {
  const parts = [eq(messages.status, 'failed')];
  if (teamIds) parts.push(inArray(messages.teamId, teamIds));
  return and(...parts);
}

/** The borrower's opt-out of a channel in force, with who recorded it; null when they may be messaged. */
export async function findActiveOptOut(db: DbOrTx, borrowerId: string, channel: string) {
  const [o] = await db
    .select({
      id: contactOptOuts.id,
      channel: contactOptOuts.channel,
      reason: contactOptOuts.reason,
      recordedAt: contactOptOuts.recordedAt,
      recordedByName: users.displayName,
    })
    .from(contactOptOuts)
    .leftJoin(users, eq(users.id, contactOptOuts.recordedBy))
    .where(
      and(
        eq(contactOptOuts.borrowerId, borrowerId),
        eq(contactOptOuts.channel, channel),
        isNull(contactOptOuts.liftedAt),
      ),
    );
  return o ?? null;
}
