/**
 * The SQL of writing a case and its borrower: the borrower found or made by ID number (racing creates meet at the
 * unique key and both read the one row), an address added unless the borrower already has it, the case itself.
 */
import { and, eq, sql } from 'drizzle-orm';
import { addresses, cases } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { borrowerNameOf } from '../../db/sql/borrower-name.sql';

/** The borrower with this ID number, made with `fresh` when there is none; `created` says which. */
export async function borrowerByIdNumber(
  tx: DbOrTx,
  fresh: { idNumber: string; fullName: string; phone: string; preferredLanguage: string },
): Promise<{ id: string; created: boolean }> {
  return (await borrowersByIdNumber(tx, [fresh])).get(fresh.idNumber) as { id: string; created: boolean };
}

/**
 * The borrowers with these ID numbers, each made with its `fresh` values when there is none, in two statements
 * for any number of them (case intake writes a thousand at a time); the first of a repeated ID number wins.
 */
export async function borrowersByIdNumber(
  tx: DbOrTx,
  fresh: Array<{ idNumber: string; fullName: string; phone: string; preferredLanguage: string }>,
): Promise<Map<string, { id: string; created: boolean }>> {
  const out = new Map<string, { id: string; created: boolean }>();
  const first = new Map<string, (typeof fresh)[number]>();
  for (const f of fresh) if (!first.has(f.idNumber)) first.set(f.idNumber, f);
  const once = [...first.values()];
  if (once.length === 0) return out;
  // One array parameter per column (unnest turns them back into rows): one short statement for any number.
  const list = (key: keyof (typeof once)[number]) => sql`${sql.param(once.map((f) => f[key]))}::text[]`;
  const made = rowsOf<{ id: string; idNumber: string }>(
    await tx.execute(sql`
      insert into borrowers (full_name, id_number, phone, preferred_language)
      select * from unnest(${list('fullName')}, ${list('idNumber')}, ${list('phone')}, ${list('preferredLanguage')})
      on conflict (id_number) do nothing
      returning id, id_number as "idNumber"`),
  );
  for (const m of made) out.set(m.idNumber, { id: m.id, created: true });
  const known = once.map((f) => f.idNumber).filter((n) => !out.has(n));
  if (known.length > 0) {
    const found = rowsOf<{ id: string; idNumber: string }>(
      await tx.execute(
        sql`select id, id_number as "idNumber" from borrowers where id_number = any(${sql.param(known)}::text[])`,
      ),
    );
    for (const f of found) out.set(f.idNumber, { id: f.id, created: false });
  }
  return out;
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
  const [made] = await tx
    .insert(cases)
    .values({ ...row, borrowerName: borrowerNameOf(sql`${row.borrowerId}::uuid`) })
    .returning({ id: cases.id });
  return made?.id as string;
}
