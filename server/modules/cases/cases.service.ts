/**
 * The cases module as other modules meet it: a case with its borrower, the borrower's addresses and the case's
 * contact attempts (notices). Each takes the database or the caller's transaction, so a booking reads and
 * writes them inside its own.
 */
import { NOTICE_STAGES } from '../../../shared/domain/constants';
import type { DbOrTx, Tx } from '../../db/client';
import { appendAudit } from '../audit/audit.service';
import {
  type CaseRow,
  findAddress,
  findBorrowerAddresses,
  findCase,
  findContactAttempts,
  insertContactAttempt,
  lockCasesByLoanRef,
  noticeLoggedBy,
} from './cases.repo';
import { noteNotice, refreshOpenPromise } from './cases.state.repo';
import { borrowersByIdNumber } from './cases.write.repo';

export type { CaseRow };

/** A case with what the rules and the case file need (team, borrower, debt, status); null when it does not exist. */
export function caseById(db: DbOrTx, caseId: string): Promise<CaseRow | null> {
  return findCase(db, caseId);
}

/**
 * The case, its row locked until the transaction ends, so changes to it (payments) apply one after the other;
 * null when it does not exist.
 */
export function lockCase(tx: Tx, caseId: string): Promise<CaseRow | null> {
  return findCase(tx, caseId, { lock: true });
}

/** The cases of these loan references (those that exist), each locked as lockCase does, in id order. */
export function lockCasesOfLoans(tx: Tx, loanRefs: string[]): Promise<CaseRow[]> {
  return lockCasesByLoanRef(tx, loanRefs);
}

/** The borrower's addresses, labelled, for the case file. */
export function borrowerAddresses(db: DbOrTx, borrowerId: string) {
  return findBorrowerAddresses(db, borrowerId);
}

/** An address with the borrower it belongs to (the slot rules refuse someone else's address); null when unknown. */
export function addressById(db: DbOrTx, addressId: string) {
  return findAddress(db, addressId);
}

/** The case's contact attempts, newest first. */
export function contactAttemptsOf(db: DbOrTx, caseId: string) {
  return findContactAttempts(db, caseId);
}

/**
 * Records a contact attempt (a notice, a call) on the case; the caller audits it. Returns its id. The one writer
 * of contact attempts, so it also keeps the case's first notice (cases.first_notice_at) current.
 */
export async function logContactAttempt(tx: DbOrTx, row: Parameters<typeof insertContactAttempt>[1]): Promise<string> {
  const id = await insertContactAttempt(tx, row);
  if ((NOTICE_STAGES as readonly string[]).includes(row.stage)) await noteNotice(tx, row.caseId, row.at);
  return id;
}

/**
 * Recomputes the case's earliest unpaid promise due date (cases.open_promise_due_on), in the transaction of a
 * writer that changed its promises or what is paid towards them: an outcome version, a payment.
 */
export function refreshCasePromises(tx: DbOrTx, caseId: string): Promise<void> {
  return refreshOpenPromise(tx, caseId);
}

/**
 * Records a contact attempt a user made (a notice logged by hand, a notice sent by SMS) and audits it
 * (contact.log) in the caller's transaction. Returns its id.
 */
export async function recordContact(
  tx: Tx,
  c: { id: string; teamId: string },
  row: Omit<Parameters<typeof insertContactAttempt>[1], 'caseId' | 'userId'> & { userId: string },
): Promise<string> {
  const id = await logContactAttempt(tx, { ...row, caseId: c.id });
  await appendAudit(tx, {
    actorUserId: row.userId,
    teamId: c.teamId,
    action: 'contact.log',
    entityType: 'case',
    entityId: c.id,
    after: { contactAttemptId: id, stage: row.stage, channel: row.channel, result: row.result },
    at: row.at,
  });
  return id;
}

/** Whether a first or appointment notice was logged on the case at or before `at` (SPEC §1 stages 1–2). */
export function noticeLoggedOn(db: DbOrTx, caseId: string, at: Date): Promise<boolean> {
  return noticeLoggedBy(db, caseId, at);
}

/**
 * The borrowers with these resident ID numbers, each made when there is none (case intake's batches; the hand
 * form's addCase asks the same for one): an ID number already known reuses its borrower as they are.
 */
export function borrowersOfIdNumbers(
  tx: Tx,
  fresh: Array<{ idNumber: string; fullName: string; phone: string; preferredLanguage: string }>,
) {
  return borrowersByIdNumber(tx, fresh);
}
