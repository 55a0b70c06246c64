import { and, eq } from 'drizzle-orm';
import { idempotencyKeys } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** Claims a key; false when it was already claimed (a concurrent claim waits for the first to commit). */
export async function claimKey(
  tx: DbOrTx,
  claim: { key: string; userId: string | null; procedure: string; requestHash: string },
): Promise<boolean> {
  const rows = await tx
    .insert(idempotencyKeys)
    .values({ ...claim, response: '' })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

export async function findKey(tx: DbOrTx, key: string) {
  const [row] = await tx
    .select({
      userId: idempotencyKeys.userId,
      procedure: idempotencyKeys.procedure,
      response: idempotencyKeys.response,
      requestHash: idempotencyKeys.requestHash,
    })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, key))
    .limit(1);
  return row ?? null;
}

export async function storeResponse(tx: DbOrTx, key: string, response: string): Promise<void> {
  await tx.update(idempotencyKeys).set({ response }).where(eq(idempotencyKeys.key, key));
}

/** Gives a claimed key back (its work failed before answering), so that a retry with it may run the work. */
export async function releaseKey(tx: DbOrTx, key: string): Promise<void> {
  await tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.response, '')));
}
