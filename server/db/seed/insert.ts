/** Writes generated rows in foreign-key order, in one transaction, with batched multi-row inserts. */
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../../drizzle/schema';
import type { Db, DbOrTx } from '../client';
import type { DemoData } from './types';

/**
 * Bind parameters per INSERT (PostgreSQL's limit is 65,535 per statement). Measured on a 10-team lender (20,000
 * cases, 600 visits a day) on PostgreSQL: 15,000 and 60,000 both take ~15 s, but 60,000 peaks at 753 MB RSS and
 * 15,000 at 400 MB — bigger statements only cost memory.
 */
const MAX_PARAMS = 15_000;

/** Table for each part of the dataset, in the order the foreign keys need. */
const ORDER: ReadonlyArray<[keyof DemoData, PgTable]> = [
  ['teams', schema.teams],
  ['policySettings', schema.policySettings],
  ['bases', schema.bases],
  ['users', schema.users],
  ['userTeams', schema.userTeams],
  ['agents', schema.agents],
  ['shifts', schema.shifts],
  ['crews', schema.crews],
  ['crewMembers', schema.crewMembers],
  ['borrowers', schema.borrowers],
  ['addresses', schema.addresses],
  ['cases', schema.cases],
  ['contactAttempts', schema.contactAttempts],
  ['appointments', schema.appointments],
  ['visits', schema.visits],
  ['outcomes', schema.outcomes],
  ['repaymentPlans', schema.repaymentPlans],
  ['instalments', schema.instalments],
  ['slotLinks', schema.slotLinks],
  ['followUpProposals', schema.followUpProposals],
  ['payments', schema.payments],
];

async function insertChunked(tx: DbOrTx, table: PgTable, rows: readonly object[]): Promise<void> {
  // Every row of a table binds each of its columns (drizzle fills the missing ones with `default`).
  const chunk = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(getTableColumns(table)).length));
  for (let i = 0; i < rows.length; i += chunk) {
    // The rows were typed against this very table when they were generated.
    await tx.insert(table).values(rows.slice(i, i + chunk) as never[]);
  }
}

/** Inserts the whole dataset atomically: either all of it is there afterwards or none of it. */
export async function insertDemo(db: Db, data: DemoData): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [key, table] of ORDER) await insertChunked(tx, table, data[key]);
  });
}

/**
 * Empties every table of the application schema (data only; the schema and the migration history, which
 * lives in the `drizzle` schema, stay). Reads the table list from the catalog so tables added later are
 * covered too.
 */
export async function truncateAll(db: Db): Promise<void> {
  const result = await db.execute<{ name: string }>(
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = current_schema() order by tablename`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: Array<{ name: string }> }).rows) as Array<{
    name: string;
  }>;
  if (rows.length === 0) return;
  await db.execute(sql.raw(`TRUNCATE TABLE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`));
}
