import { desc, sql } from 'drizzle-orm';
import { auditLog } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

// Any constant works; it only serialises writers of the chain.
const AUDIT_CHAIN_LOCK = 7_204_611;

/** Holds the chain's writer lock until the transaction ends, so two writers never link to the same entry. */
export async function lockAuditChain(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
}

/** The hash of the newest audit entry, or null on an empty log. */
export async function findLastAuditHash(tx: DbOrTx): Promise<string | null> {
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return last?.hash ?? null;
}

// Rows per insert: 10 parameters each, far below PostgreSQL's 65,535 a statement (an import records thousands).
const ROWS_PER_INSERT = 500;

/**
 * Writes linked entries, a statement per ROWS_PER_INSERT of them, ids in the order given (chain order: a multi-row
 * VALUES takes its ids row by row); the caller computed the hashes.
 */
export async function insertAuditEntries(tx: DbOrTx, rows: (typeof auditLog.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await tx.insert(auditLog).values(rows.slice(i, i + ROWS_PER_INSERT));
  }
}
