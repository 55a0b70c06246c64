import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import { addresses, appointments, cases, slotLinks, teams } from '../../../drizzle/schema';
import type { VisitType } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';

export async function insertSlotLink(
  tx: DbOrTx,
  row: {
    teamId: string;
    caseId: string;
    addressId: string;
    visitType: VisitType;
    tokenHash: string;
    replacesAppointmentId: string | null;
    expiresAt: Date;
    createdBy: string;
    createdAt: Date;
  },
) {
  const [out] = await tx.insert(slotLinks).values(row).returning({ id: slotLinks.id });
  return out?.id as string;
}

/** The link a token hash names, with what the borrower's page shows; null when unknown. */
export async function findSlotLink(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({
      id: slotLinks.id,
      teamId: slotLinks.teamId,
      teamName: teams.name,
      caseId: slotLinks.caseId,
      borrowerId: cases.borrowerId,
      caseStatus: cases.status,
      daysPastDue: cases.daysPastDue,
      overdueAmountCents: cases.overdueAmountCents,
      addressId: slotLinks.addressId,
      addressText: addresses.text,
      addressBorrowerId: addresses.borrowerId,
      visitType: slotLinks.visitType,
      replacesAppointmentId: slotLinks.replacesAppointmentId,
      expiresAt: slotLinks.expiresAt,
      usedAt: slotLinks.usedAt,
      revokedAt: slotLinks.revokedAt,
      declinedAt: slotLinks.declinedAt,
      appointmentId: slotLinks.appointmentId,
      chosenStart: appointments.slotStart,
      chosenEnd: appointments.slotEnd,
    })
    .from(slotLinks)
    .innerJoin(cases, eq(cases.id, slotLinks.caseId))
    .innerJoin(teams, eq(teams.id, slotLinks.teamId))
    .innerJoin(addresses, eq(addresses.id, slotLinks.addressId))
    .leftJoin(appointments, eq(appointments.id, slotLinks.appointmentId))
    .where(eq(slotLinks.tokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}
export type SlotLinkRow = NonNullable<Awaited<ReturnType<typeof findSlotLink>>>;

/** Marks the link used by the appointment; false when another request used it first. */
export async function markSlotLinkUsed(tx: DbOrTx, id: string, appointmentId: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(slotLinks)
    .set({ usedAt: at, appointmentId })
    .where(and(eq(slotLinks.id, id), isNull(slotLinks.usedAt), isNull(slotLinks.revokedAt)))
    .returning({ id: slotLinks.id });
  return rows.length > 0;
}

/** Unused links of a case stop working (a slot was agreed another way, or a newer link was sent). */
export async function revokeOpenLinks(tx: DbOrTx, caseId: string, at: Date, exceptId?: string) {
  await tx
    .update(slotLinks)
    .set({ revokedAt: at })
    .where(
      and(
        eq(slotLinks.caseId, caseId),
        isNull(slotLinks.usedAt),
        isNull(slotLinks.revokedAt),
        exceptId ? ne(slotLinks.id, exceptId) : undefined,
      ),
    );
}

/** The case's links, newest first (the token itself is never stored, so it cannot be shown again). */
export async function findCaseLinks(db: DbOrTx, caseId: string) {
  return db
    .select({
      id: slotLinks.id,
      visitType: slotLinks.visitType,
      createdAt: slotLinks.createdAt,
      expiresAt: slotLinks.expiresAt,
      usedAt: slotLinks.usedAt,
      revokedAt: slotLinks.revokedAt,
      declinedAt: slotLinks.declinedAt,
      appointmentId: slotLinks.appointmentId,
    })
    .from(slotLinks)
    .where(eq(slotLinks.caseId, caseId))
    .orderBy(desc(slotLinks.createdAt));
}

/** The borrower declined every offered time: the link is retired and remembers why. */
export async function declineSlotLink(tx: DbOrTx, id: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(slotLinks)
    .set({ declinedAt: at, revokedAt: at })
    .where(and(eq(slotLinks.id, id), isNull(slotLinks.usedAt), isNull(slotLinks.revokedAt)))
    .returning({ id: slotLinks.id });
  return rows.length > 0;
}
