/**
 * The set-based SQL of an import batch (about a thousand rows): the loans of the batch read with `= any(...)`,
 * then one multi-row INSERT or UPDATE … FROM (VALUES …) per table, never one query per row. Ids of new rows are
 * made here so the caller can link them without relying on the order RETURNING gives.
 */
import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { cases } from '../../../drizzle/schema';
import type { DbOrTx, Tx } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { borrowerNameOf } from '../../db/sql/borrower-name.sql';

/** A loan already in Doorstep (any team), with its borrower and the borrower's current address. */
export interface ExistingLoan {
  caseId: string;
  teamId: string;
  loanRef: string;
  borrowerId: string;
  product: string;
  overdueAmountCents: number;
  daysPastDue: number;
  status: string;
  phone: string;
  preferredLanguage: string;
  addressId: string | null;
  addressText: string | null;
  district: string | null;
  lat: number | null;
  lng: number | null;
}

/** The loans with these references, whichever team holds them. */
export async function readLoans(db: DbOrTx, loanRefs: string[]): Promise<ExistingLoan[]> {
  if (loanRefs.length === 0) return [];
  const res = await db.execute(sql`
    select c.id as "caseId", c.team_id as "teamId", c.loan_ref as "loanRef", c.borrower_id as "borrowerId",
      c.product, c.overdue_amount_cents as "overdueAmountCents", c.days_past_due as "daysPastDue",
      c.status::text as status, b.phone, b.preferred_language as "preferredLanguage",
      a.id as "addressId", a.text as "addressText", a.district, a.lat, a.lng
    from cases c
    join borrowers b on b.id = c.borrower_id
    left join lateral (
      select id, text, district, lat, lng from addresses
      where borrower_id = c.borrower_id and superseded_at is null
      order by created_at desc, id desc limit 1
    ) a on true
    where c.loan_ref = any(${sql.param(loanRefs)}::text[])`);
  return rowsOf<ExistingLoan>(res).map((r) => ({
    ...r,
    overdueAmountCents: Number(r.overdueAmountCents),
    daysPastDue: Number(r.daysPastDue),
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
  }));
}

/**
 * Locks the loan references of a batch until the transaction ends, in one order (by hash) whoever takes them: two
 * imports of one file meet here, the second waits and then finds the first one's cases.
 */
export async function lockLoanRefs(tx: Tx, loanRefs: string[]): Promise<void> {
  if (loanRefs.length === 0) return;
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(h)) from (
      select distinct hashtextextended('loan:' || r, 0) as h from unnest(${sql.param(loanRefs)}::text[]) r order by h
    ) s`);
}

/** The current (not superseded) addresses of these borrowers, to reuse one a new loan names again. */
export async function currentAddresses(
  db: DbOrTx,
  borrowerIds: string[],
): Promise<Array<{ id: string; borrowerId: string; text: string; district: string }>> {
  if (borrowerIds.length === 0) return [];
  const res = await db.execute(sql`
    select id, borrower_id as "borrowerId", text, district from addresses
    where borrower_id = any(${sql.param(borrowerIds)}::uuid[]) and superseded_at is null`);
  return rowsOf(res);
}

export interface NewAddress {
  borrowerId: string;
  text: string;
  district: string;
  lat: number | null;
  lng: number | null;
  geocodeSource: string;
  geocodeQuality: string;
}

/** A column of values as one array parameter: unnest() turns the arrays back into rows, whatever their number. */
const column = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/** Adds the addresses in one statement; answers their ids in the order given. */
export async function insertAddresses(tx: Tx, rows: NewAddress[], at: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map(() => randomUUID());
  await tx.execute(sql`
    insert into addresses (id, borrower_id, label, text, district, lat, lng, geocode_source, geocode_quality, created_at)
    select id, borrower_id, 'home', text, district, lat, lng, src, quality, ${at}
    from unnest(${column(ids, 'uuid')}, ${column(
      rows.map((r) => r.borrowerId),
      'uuid',
    )}, ${column(
      rows.map((r) => r.text),
      'text',
    )}, ${column(
      rows.map((r) => r.district),
      'text',
    )}, ${column(
      rows.map((r) => r.lat),
      'float8',
    )}, ${column(
      rows.map((r) => r.lng),
      'float8',
    )}, ${column(
      rows.map((r) => r.geocodeSource),
      'text',
    )}, ${column(
      rows.map((r) => r.geocodeQuality),
      'text',
    )}) as v(id, borrower_id, text, district, lat, lng, src, quality)`);
  return ids;
}

/** Marks addresses replaced by newer ones (kept: visits agreed there still point at them). */
export async function supersedeAddresses(tx: Tx, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(
    sql`update addresses set superseded_at = ${at} where id = any(${sql.param(ids)}::uuid[]) and superseded_at is null`,
  );
}

/** A case as an import makes it (the status the file gives; open when it gives none). */
export type NewCase = Pick<
  typeof cases.$inferInsert,
  'teamId' | 'borrowerId' | 'loanRef' | 'product' | 'principalCents' | 'overdueAmountCents' | 'daysPastDue' | 'bucket'
> & { status: 'open' | 'paid' | 'closed' };

/** Adds the cases in one statement; answers their ids in the order given. */
export async function insertCases(tx: Tx, rows: NewCase[], at: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map(() => randomUUID());
  const col = <K extends keyof NewCase>(key: K, type: string) =>
    column(
      rows.map((r) => r[key]),
      type,
    );
  await tx.execute(sql`
    insert into cases (id, team_id, borrower_id, borrower_name, loan_ref, product, principal_cents,
      overdue_amount_cents, days_past_due, bucket, status, created_at)
    select id, team_id, borrower_id, ${borrowerNameOf(sql`v.borrower_id`)}, loan_ref, product, principal, amount, dpd,
      bucket, status::case_status, ${at}
    from unnest(${column(ids, 'uuid')}, ${col('teamId', 'uuid')}, ${col('borrowerId', 'uuid')}, ${col('loanRef', 'text')},
      ${col('product', 'text')}, ${col('principalCents', 'int')}, ${col('overdueAmountCents', 'int')},
      ${col('daysPastDue', 'int')}, ${col('bucket', 'text')}, ${col('status', 'text')})
      as v(id, team_id, borrower_id, loan_ref, product, principal, amount, dpd, bucket, status)`);
  return ids;
}

export interface CaseChange {
  caseId: string;
  product: string;
  overdueAmountCents: number;
  daysPastDue: number;
  bucket: string;
  status: string;
}

function valuesList(rows: SQL[]): SQL {
  return sql.join(rows, sql`, `);
}

/** Writes the changed loans in one statement, stamping updated_at. */
export async function updateCases(tx: Tx, rows: CaseChange[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const values = valuesList(
    rows.map(
      (r) =>
        sql`(${r.caseId}::uuid, ${r.product}::text, ${r.overdueAmountCents}::int, ${r.daysPastDue}::int, ${r.bucket}::text, ${r.status}::text)`,
    ),
  );
  await tx.execute(sql`
    update cases c set product = v.product, overdue_amount_cents = v.amount, days_past_due = v.dpd,
      bucket = v.bucket, status = v.status::case_status, updated_at = ${at}
    from (values ${values}) as v(id, product, amount, dpd, bucket, status)
    where c.id = v.id`);
}

/** Writes the borrowers' new phone numbers and languages in one statement. */
export async function updateBorrowers(
  tx: Tx,
  rows: Array<{ borrowerId: string; phone: string; preferredLanguage: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  const values = valuesList(
    rows.map((r) => sql`(${r.borrowerId}::uuid, ${r.phone}::text, ${r.preferredLanguage}::text)`),
  );
  await tx.execute(sql`
    update borrowers b set phone = v.phone, preferred_language = v.lang
    from (values ${values}) as v(id, phone, lang)
    where b.id = v.id`);
}
