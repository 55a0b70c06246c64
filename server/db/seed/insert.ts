/** Writes generated rows in foreign-key order, in one transaction, with batched multi-row inserts. */
import { type Column, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../../drizzle/schema';
import type { Db, DbOrTx } from '../client';
import { rowsOf } from '../rows';
import { writeStoredStateFromHistory } from './stored-state';
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

/** Rows per JSON batch (one bind parameter of a few MB each). */
const JSON_ROWS = 5_000;

/**
 * The columns a JSON batch writes, or null when only drizzle's insert gives the same rows: a column some rows
 * leave out must take its default there (a JSON batch would write null), and a default computed in JavaScript
 * exists only in drizzle.
 */
function jsonColumns(table: PgTable, rows: readonly object[]): Array<[string, Column]> | null {
  const out: Array<[string, Column]> = [];
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const given = rows.filter((r) => (r as Record<string, unknown>)[key] !== undefined).length;
    if (given === 0 && !column.defaultFn && !column.onUpdateFn) continue;
    if (given < rows.length && (column.hasDefault || column.defaultFn || column.onUpdateFn)) return null;
    if (column.columnType === 'PgCustomColumn') return null;
    out.push([key, column]);
  }
  return out;
}

/**
 * The big tables of a lender's history (hundreds of thousands of visits, outcomes, notices) go in as JSON
 * batches expanded by PostgreSQL (`json_populate_recordset`): a statement with one parameter instead of
 * fifteen thousand, which took the 90-day lender seed's inserts from 17 min to … (docs/scale.md). Values go
 * through each column's own driver mapping (dates as ISO strings, arrays as array literals); json columns
 * keep their value, which would otherwise arrive as a JSON string.
 */
async function insertJson(tx: DbOrTx, table: PgTable, rows: readonly object[]): Promise<boolean> {
  const columns = jsonColumns(table, rows);
  if (!columns) return false;
  const names = sql.join(
    columns.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  for (let i = 0; i < rows.length; i += JSON_ROWS) {
    const batch = rows.slice(i, i + JSON_ROWS).map((row) => {
      const r = row as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const value = r[key];
        out[column.name] =
          value === null || value === undefined || column.dataType === 'json'
            ? (value ?? null)
            : column.mapToDriverValue(value);
      }
      return out;
    });
    await tx.execute(
      sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(batch)}::json)`,
    );
  }
  return true;
}

/**
 * Inserts the whole dataset atomically: either all of it is there afterwards or none of it. `json: false` keeps
 * every table on drizzle's insert (a test compares the two ways).
 */
export async function insertDemo(db: Db, data: DemoData, opts: { json?: boolean } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [key, table] of ORDER) {
      const rows = data[key];
      if (rows.length === 0) continue;
      if (opts.json === false || !(await insertJson(tx, table, rows))) await insertChunked(tx, table, rows);
    }
    // Whole tables bypass the writers that keep the stored facts (first notice, unpaid promise, current outcome).
    await writeStoredStateFromHistory(tx);
  });
}

/** The tables of a dataset in insert order (tests read them back). */
export const DEMO_TABLES = ORDER;

/**
 * Empties every table of the application schema (data only; the schema and the migration history, which
 * lives in the `drizzle` schema, stay). Reads the table list from the catalog so tables added later are
 * covered too.
 */
export async function truncateAll(db: Db): Promise<void> {
  const result = await db.execute<{ name: string }>(
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = current_schema() order by tablename`,
  );
  const rows = rowsOf<{ name: string }>(result);
  if (rows.length === 0) return;
  await db.execute(sql.raw(`TRUNCATE TABLE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`));
}
