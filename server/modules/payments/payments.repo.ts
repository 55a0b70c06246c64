import { and, asc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import {
  appointments,
  cases,
  followUpProposals,
  instalments,
  payments,
  policySettings,
  repaymentPlans,
  visits,
} from '../../../drizzle/schema';
import { MOVABLE } from '../../../shared/domain/visit-lifecycle';
import type { DbOrTx } from '../../db/client';

function caseRefs(db: DbOrTx) {
  return db
    .select({
      id: cases.id,
      teamId: cases.teamId,
      loanRef: cases.loanRef,
      status: cases.status,
      overdueAmountCents: cases.overdueAmountCents,
      timeZone: policySettings.timeZone,
    })
    .from(cases)
    .innerJoin(policySettings, eq(policySettings.teamId, cases.teamId));
}

/** The case with its team and zone. */
export async function findCase(db: DbOrTx, id: string) {
  const [row] = await caseRefs(db).where(eq(cases.id, id));
  return row;
}
export type CaseRef = NonNullable<Awaited<ReturnType<typeof findCase>>>;

/** The cases of these loan references (those that exist), a thousand references per query. */
export async function findCasesByLoanRef(db: DbOrTx, loanRefs: string[]): Promise<CaseRef[]> {
  const out: CaseRef[] = [];
  for (let i = 0; i < loanRefs.length; i += 1000) {
    out.push(...(await caseRefs(db).where(inArray(cases.loanRef, loanRefs.slice(i, i + 1000)))));
  }
  return out;
}

export async function findPaymentByReference(db: DbOrTx, reference: string) {
  const [row] = await db
    .select({ id: payments.id, caseId: payments.caseId, amountCents: payments.amountCents, paidOn: payments.paidOn })
    .from(payments)
    .where(eq(payments.reference, reference));
  return row;
}

/**
 * Inserts a payment; null when its reference is recorded already. A concurrent insert of the same reference
 * waits for the first to commit and then finds it, instead of failing on payments_reference_unique.
 */
export async function insertPayment(
  db: DbOrTx,
  row: {
    caseId: string;
    amountCents: number;
    paidOn: string;
    channel: string;
    reference: string;
    source: 'manual' | 'import';
    recordedBy: string;
    createdAt: Date;
  },
) {
  const [created] = await db
    .insert(payments)
    .values(row)
    .onConflictDoNothing({ target: payments.reference })
    .returning({ id: payments.id });
  return created ?? null;
}

export async function sumPayments(db: DbOrTx, caseId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${payments.amountCents}), 0)::int` })
    .from(payments)
    .where(eq(payments.caseId, caseId));
  return row?.total ?? 0;
}

/** Instalments of the case's plans not yet paid in full, oldest due first (payments settle them in this order). */
export async function findUnpaidInstalments(db: DbOrTx, caseId: string) {
  return db
    .select({
      id: instalments.id,
      dueDate: instalments.dueDate,
      amountCents: instalments.amountCents,
      paidCents: instalments.paidCents,
    })
    .from(instalments)
    .innerJoin(repaymentPlans, eq(repaymentPlans.id, instalments.planId))
    .where(and(eq(repaymentPlans.caseId, caseId), lt(instalments.paidCents, instalments.amountCents)))
    .orderBy(asc(instalments.dueDate), asc(instalments.seq));
}

export async function updateInstalmentPaid(db: DbOrTx, id: string, paidCents: number, paidAt: Date | null) {
  await db.update(instalments).set({ paidCents, paidAt }).where(eq(instalments.id, id));
}

export async function setCaseStatus(db: DbOrTx, caseId: string, status: 'paid') {
  await db.update(cases).set({ status }).where(eq(cases.id, caseId));
}

/** Visits of the case not yet under way from a date on (what a full payment makes pointless). */
export async function findPendingVisits(db: DbOrTx, caseId: string, fromDate: string) {
  return db
    .select({
      id: visits.id,
      appointmentId: visits.appointmentId,
      slotStart: appointments.slotStart,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .where(
      and(
        eq(appointments.caseId, caseId),
        eq(appointments.status, 'agreed'),
        inArray(visits.status, [...MOVABLE]),
        gte(visits.visitDate, fromDate),
      ),
    );
}

/**
 * Decides the case's open follow-up proposals: dismissed (the case is paid) or scheduled by an agreed appointment.
 * `by` is null when the borrower decided (their slot link).
 */
export async function closeOpenProposals(
  db: DbOrTx,
  caseId: string,
  outcome: { status: 'dismissed' } | { status: 'scheduled'; appointmentId: string },
  by: string | null,
  at: Date,
) {
  await db
    .update(followUpProposals)
    .set({ ...outcome, decidedBy: by, decidedAt: at })
    .where(and(eq(followUpProposals.caseId, caseId), eq(followUpProposals.status, 'open')));
}

/** Instalments of plans on the teams' cases due in [from, to], with the case, for promise tracking. */
export async function findInstalments(db: DbOrTx, teamIds: string[] | null, from: string, to: string) {
  if (teamIds?.length === 0) return [];
  const parts = [gte(instalments.dueDate, from), lte(instalments.dueDate, to)];
  if (teamIds) parts.push(inArray(cases.teamId, teamIds));
  return db
    .select({
      id: instalments.id,
      caseId: cases.id,
      teamId: cases.teamId,
      loanRef: cases.loanRef,
      seq: instalments.seq,
      dueDate: instalments.dueDate,
      amountCents: instalments.amountCents,
      paidCents: instalments.paidCents,
      paidAt: instalments.paidAt,
      timeZone: policySettings.timeZone,
      proposalStatus: sql<
        string | null
      >`(select fp.status from ${followUpProposals} fp where fp.instalment_id = ${instalments.id} order by fp.created_at desc limit 1)`,
    })
    .from(instalments)
    .innerJoin(repaymentPlans, eq(repaymentPlans.id, instalments.planId))
    .innerJoin(cases, eq(cases.id, repaymentPlans.caseId))
    .innerJoin(policySettings, eq(policySettings.teamId, cases.teamId))
    .where(and(...parts))
    .orderBy(asc(instalments.dueDate), asc(cases.loanRef), asc(instalments.seq));
}

/** Broken promises without a proposal yet: instalments due before `today`, not paid in full, on open cases. */
export async function findBrokenWithoutProposal(db: DbOrTx, teamIds: string[] | null, today: string) {
  if (teamIds?.length === 0) return [];
  const parts = [
    lt(instalments.dueDate, today),
    lt(instalments.paidCents, instalments.amountCents),
    sql`${cases.status} <> 'paid'`,
    sql`not exists (select 1 from ${followUpProposals} fp where fp.instalment_id = ${instalments.id})`,
  ];
  if (teamIds) parts.push(inArray(cases.teamId, teamIds));
  return db
    .select({ id: instalments.id, caseId: cases.id, teamId: cases.teamId, dueDate: instalments.dueDate })
    .from(instalments)
    .innerJoin(repaymentPlans, eq(repaymentPlans.id, instalments.planId))
    .innerJoin(cases, eq(cases.id, repaymentPlans.caseId))
    .where(and(...parts));
}

export async function insertProposal(
  db: DbOrTx,
  row: { caseId: string; instalmentId?: string | null; reason: string; proposedFor: string; createdAt: Date },
) {
  const [created] = await db.insert(followUpProposals).values(row).returning({ id: followUpProposals.id });
  return created as { id: string };
}

/** Open follow-up proposals of the teams' cases (or of one case), oldest first: the dispatcher's queue. */
export async function findOpenProposals(db: DbOrTx, teamIds: string[] | null, caseId?: string) {
  if (teamIds?.length === 0) return [];
  const parts = [eq(followUpProposals.status, 'open')];
  if (teamIds) parts.push(inArray(cases.teamId, teamIds));
  if (caseId) parts.push(eq(followUpProposals.caseId, caseId));
  return db
    .select({
      id: followUpProposals.id,
      caseId: cases.id,
      loanRef: cases.loanRef,
      teamId: cases.teamId,
      instalmentId: followUpProposals.instalmentId,
      reason: followUpProposals.reason,
      proposedFor: followUpProposals.proposedFor,
      createdAt: followUpProposals.createdAt,
    })
    .from(followUpProposals)
    .innerJoin(cases, eq(cases.id, followUpProposals.caseId))
    .where(and(...parts))
    .orderBy(asc(followUpProposals.proposedFor), asc(followUpProposals.createdAt));
}
