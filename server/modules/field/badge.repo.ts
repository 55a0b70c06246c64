import { and, desc, eq, gt } from 'drizzle-orm';
import { badgeCodes, verificationChecks } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** The newest unexpired code of an agent for a visit, if any. */
export async function findActiveBadgeCode(db: DbOrTx, agentId: string, visitId: string, now: Date) {
  const [row] = await db
    .select({ id: badgeCodes.id, code: badgeCodes.code, expiresAt: badgeCodes.expiresAt })
    .from(badgeCodes)
    .where(and(eq(badgeCodes.agentId, agentId), eq(badgeCodes.visitId, visitId), gt(badgeCodes.expiresAt, now)))
    .orderBy(desc(badgeCodes.createdAt))
    .limit(1);
  return row ?? null;
}

/** Inserts a code; null when the code is already taken (the caller draws another). */
export async function insertBadgeCode(
  db: DbOrTx,
  row: { code: string; agentId: string; visitId: string; createdAt: Date; expiresAt: Date },
) {
  const [inserted] = await db
    .insert(badgeCodes)
    .values(row)
    .onConflictDoNothing({ target: badgeCodes.code })
    .returning({ id: badgeCodes.id, code: badgeCodes.code, expiresAt: badgeCodes.expiresAt });
  return inserted ?? null;
}

/** The code as issued, whatever its expiry: which agent and visit it names (the caller loads those), or null. */
export async function findBadgeByCode(db: DbOrTx, code: string) {
  const [row] = await db
    .select({
      id: badgeCodes.id,
      agentId: badgeCodes.agentId,
      visitId: badgeCodes.visitId,
      expiresAt: badgeCodes.expiresAt,
    })
    .from(badgeCodes)
    .where(eq(badgeCodes.code, code))
    .limit(1);
  return row ?? null;
}

export async function insertVerificationCheck(
  db: DbOrTx,
  row: { code: string; badgeCodeId: string | null; checkedAt: Date; result: string; ip: string; userAgent: string },
) {
  const [inserted] = await db.insert(verificationChecks).values(row).returning({ id: verificationChecks.id });
  return inserted?.id ?? null;
}
