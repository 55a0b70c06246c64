import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { appointments, cases, instalments, payments, visits } from '../../../drizzle/schema';
import { MOVABLE } from '../../../shared/domain/visit-lifecycle';
import type { DbOrTx } from '../../db/client';
import { promiseRows } from '../../db/sql/promise-state.sql';

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

/**
 * Instalments of the case's current plans (those of the latest outcome versions: a corrected plan is replaced)
 * not yet paid in full, oldest due first: payments settle them in this order.
 */
export async function findUnpaidInstalments(db: DbOrTx, caseId: string) {
  return db
    .select({
      id: sql<string>`p.id`,
      dueDate: sql<string>`p.due_date::text`,
      amountCents: sql<number>`p.amount_cents::int`,
      paidCents: sql<number>`p.paid_cents::int`,
    })
    .from(sql`${promiseRows({ caseId })} as p`)
    .where(sql`p.kind = 'instalment' and p.paid_cents < p.amount_cents`)
    .orderBy(sql`p.due_date`, sql`p.seq`);
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
