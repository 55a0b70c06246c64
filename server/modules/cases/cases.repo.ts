import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { addresses, borrowers, cases, contactAttempts, teams, users } from '../../../drizzle/schema';
import type { ContactChannel, ContactStage } from '../../../shared/domain/constants';
import type { DbOrTx, Tx } from '../../db/client';
import { noticeLogged } from '../../db/sql/notice.sql';

function caseRows(db: DbOrTx) {
  return db
    .select({
      id: cases.id,
      teamId: cases.teamId,
      teamName: teams.name,
      borrowerId: cases.borrowerId,
      borrowerName: borrowers.fullName,
      phone: borrowers.phone,
      preferredLanguage: borrowers.preferredLanguage,
      loanRef: cases.loanRef,
      product: cases.product,
      overdueAmountCents: cases.overdueAmountCents,
      daysPastDue: cases.daysPastDue,
      bucket: cases.bucket,
      status: cases.status,
    })
    .from(cases)
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .innerJoin(teams, eq(teams.id, cases.teamId));
}

/**
 * A case with what the rules and the case file need; null when it does not exist. With `lock` its row stays locked
 * until the transaction ends (a payment reads the instalments and total the previous one left, not a stale copy).
 */
export async function findCase(db: DbOrTx, caseId: string, opts: { lock?: boolean } = {}) {
  const query = caseRows(db).where(eq(cases.id, caseId)).limit(1);
  const [row] = opts.lock ? await query.for('update', { of: cases }) : await query;
  return row ?? null;
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

/** The cases of these loan references (those that exist), locked until the transaction ends, a thousand per query. */
export async function lockCasesByLoanRef(tx: Tx, loanRefs: string[]): Promise<CaseRow[]> {
  const out: CaseRow[] = [];
  for (let i = 0; i < loanRefs.length; i += 1000) {
    const batch = loanRefs.slice(i, i + 1000);
    // In id order, so two transactions sharing cases take their locks in the same order.
    out.push(
      ...(await caseRows(tx).where(inArray(cases.loanRef, batch)).orderBy(cases.id).for('update', { of: cases })),
    );
  }
  return out;
}

export async function findBorrowerAddresses(db: DbOrTx, borrowerId: string) {
  return (
    db
      .select({
        id: addresses.id,
        label: addresses.label,
        text: addresses.text,
        district: addresses.district,
        verified: addresses.verified,
        /** False while the address waits in "Needs a location": no visit is agreed there until it is pinned. */
        located: sql<boolean>`${addresses.lat} is not null`,
      })
      .from(addresses)
      // An address a newer one from the lender's file replaced is history: it is not offered for a visit.
      .where(and(eq(addresses.borrowerId, borrowerId), isNull(addresses.supersededAt)))
      .orderBy(asc(addresses.label), asc(addresses.id))
  );
}

export async function findAddress(db: DbOrTx, addressId: string) {
  const [row] = await db
    .select({
      id: addresses.id,
      borrowerId: addresses.borrowerId,
      text: addresses.text,
      district: addresses.district,
      lat: addresses.lat,
      supersededAt: addresses.supersededAt,
    })
    .from(addresses)
    .where(eq(addresses.id, addressId))
    .limit(1);
  return row ?? null;
}

export async function findContactAttempts(db: DbOrTx, caseId: string) {
  return db
    .select({
      id: contactAttempts.id,
      stage: contactAttempts.stage,
      channel: contactAttempts.channel,
      attemptedAt: contactAttempts.attemptedAt,
      result: contactAttempts.result,
      actorName: users.displayName,
    })
    .from(contactAttempts)
    .leftJoin(users, eq(users.id, contactAttempts.actorUserId))
    .where(eq(contactAttempts.caseId, caseId))
    .orderBy(desc(contactAttempts.attemptedAt));
}

export async function insertContactAttempt(
  tx: DbOrTx,
  row: {
    caseId: string;
    stage: ContactStage;
    channel: ContactChannel;
    result: string;
    at: Date;
    userId: string | null;
  },
) {
  const [out] = await tx
    .insert(contactAttempts)
    .values({
      caseId: row.caseId,
      stage: row.stage,
      channel: row.channel,
      result: row.result,
      attemptedAt: row.at,
      actorUserId: row.userId,
    })
    .returning({ id: contactAttempts.id });
  return out?.id as string;
}

/** Whether a first or appointment notice was logged on the case at or before `at`. */
export async function noticeLoggedBy(db: DbOrTx, caseId: string, at: Date): Promise<boolean> {
  const [row] = await db
    .select({ logged: noticeLogged(caseId, at) })
    .from(cases)
    .where(eq(cases.id, caseId))
    .limit(1);
  return Boolean(row?.logged);
}
