import { and, desc, eq, gt } from 'drizzle-orm';
import { agents, badgeCodes, verificationChecks } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

const issued = {
  id: badgeCodes.id,
  code: badgeCodes.code,
  createdAt: badgeCodes.createdAt,
  expiresAt: badgeCodes.expiresAt,
};

/** The newest unexpired code of an agent for a visit, if any. */
export async function findActiveBadgeCode(db: DbOrTx, agentId: string, visitId: string, now: Date) {
  const [row] = await db
    .select(issued)
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
    .returning(issued);
  return inserted ?? null;
}

/** The code as issued, whatever its expiry: which agent and visit it names (the caller loads those), or null. */
export async function findBadgeByCode(db: DbOrTx, code: string) {
  const [row] = await db
    .select({
      id: badgeCodes.id,
      code: badgeCodes.code,
      agentId: badgeCodes.agentId,
      visitId: badgeCodes.visitId,
      createdAt: badgeCodes.createdAt,
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

/** A borrower's check with its badge (for the photo the check may show), or null. */
export async function findCheckWithBadge(db: DbOrTx, checkId: string) {
  const [row] = await db
    .select({
      result: verificationChecks.result,
      checkedAt: verificationChecks.checkedAt,
      agentId: badgeCodes.agentId,
      expiresAt: badgeCodes.expiresAt,
    })
    .from(verificationChecks)
    .innerJoin(badgeCodes, eq(badgeCodes.id, verificationChecks.badgeCodeId))
    .where(eq(verificationChecks.id, checkId))
    .limit(1);
  return row ?? null;
}

/** The agent's photo file as recorded (hash and type), or null when none is on file. */
export async function findAgentPhoto(db: DbOrTx, agentId: string) {
  const [row] = await db
    .select({ sha256: agents.photoSha256, mimeType: agents.photoMimeType })
    .from(agents)
    .where(eq(agents.id, agentId))
    .limit(1);
  return row?.sha256 && row.mimeType ? { sha256: row.sha256, mimeType: row.mimeType } : null;
}

/** Records the agent's photo file (stored content-addressed by the caller). */
export async function setAgentPhoto(db: DbOrTx, agentId: string, photo: { sha256: string; mimeType: string }) {
  await db
    .update(agents)
    .set({ photoSha256: photo.sha256, photoMimeType: photo.mimeType })
    .where(eq(agents.id, agentId));
}
