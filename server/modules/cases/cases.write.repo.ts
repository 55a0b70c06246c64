/**
 * The SQL of writing a case and its borrower: the borrower found or made by ID number (racing creates meet at the
 * unique key and both read the one row), an address added unless the borrower already has it, the case itself.
 */
import { and, eq } from 'drizzle-orm';
import { addresses, borrowers, cases } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** The borrower with this ID number, made with `fresh` when there is none; `created` says which. */
export async function borrowerByIdNumber(
  tx: DbOrTx,
  fresh: { idNumber: string; fullName: string; phone: string; preferredLanguage: string },
): Promise<{ id: string; created: boolean }> {
  const [made] = await tx
    .insert(borrowers)
    .values(fresh)
    .onConflictDoNothing({ target: borrowers.idNumber })
    .returning({ id: borrowers.id });
  if (made) return { id: made.id, created: true };
  const [found] = await tx
    .select({ id: borrowers.id })
    .from(borrowers)
    .where(eq(borrowers.idNumber, fresh.idNumber))
    .limit(1);
  return { id: found?.id as string, created: false };
}

/** The borrower's address with this text and district, added (home, placed by hand) when they have none. */
export async function addressOf(
  tx: DbOrTx,
  row: { borrowerId: string; text: string; district: string; lat: number; lng: number },
): Promise<{ id: string; created: boolean }> {
  const [same] = await tx
    .select({ id: addresses.id })
    .from(addresses)
    .where(
      and(eq(addresses.borrowerId, row.borrowerId), eq(addresses.text, row.text), eq(addresses.district, row.district)),
    )
    .limit(1);
  if (same) return { id: same.id, created: false };
  const [made] = await tx
    .insert(addresses)
    .values({ ...row, label: 'home', geocodeSource: 'manual' })
    .returning({ id: addresses.id });
  return { id: made?.id as string, created: true };
}

/** Whether a case already has this loan reference (the unique key decides a race; this answers the common case). */
export async function loanRefExists(tx: DbOrTx, loanRef: string): Promise<boolean> {
  const [row] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.loanRef, loanRef)).limit(1);
  return Boolean(row);
}

export async function insertCase(
  tx: DbOrTx,
  row: {
    teamId: string;
    borrowerId: string;
    loanRef: string;
    product: string;
    principalCents: number;
    overdueAmountCents: number;
    daysPastDue: number;
    bucket: string;
  },
): Promise<string> {
  const [made] = await tx.insert(cases).values(row).returning({ id: cases.id });
  return made?.id as string;
}
