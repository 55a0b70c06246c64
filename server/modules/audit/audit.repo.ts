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

/** Writes one linked entry; the caller computed its hash. */
export async function insertAuditEntry(tx: DbOrTx, row: typeof auditLog.$inferInsert): Promise<void> {
  await tx.insert(auditLog).values(row);
}
