import { gt, inArray, sql } from 'drizzle-orm';
import { auditLog, visits } from '../../../drizzle/schema';
import type { Db } from '../../db/client';

/** Sends a payload to every session LISTENing on the channel (PostgreSQL only), delivered on commit. */
export async function notifyChannel(db: Db, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/** The newest audit entry's id (0 when the log is empty): where a new watch starts reading. */
export async function latestAuditId(db: Db): Promise<number> {
  const [row] = await db.select({ max: sql<number>`coalesce(max(${auditLog.id}), 0)`.mapWith(Number) }).from(auditLog);
  return row?.max ?? 0;
}

/** The audit entries after `afterId`, oldest first, at most `limit` of them. */
export async function auditEntriesAfter(db: Db, afterId: number, limit: number) {
  return db
    .select({
      id: auditLog.id,
      teamId: auditLog.teamId,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      at: auditLog.at,
    })
    .from(auditLog)
    .where(gt(auditLog.id, afterId))
    .orderBy(auditLog.id)
    .limit(limit);
}

/** The team of each of these visits (for audit entries written without a team). */
export async function teamsOfVisits(db: Db, visitIds: string[]) {
  return db.select({ id: visits.id, teamId: visits.teamId }).from(visits).where(inArray(visits.id, visitIds));
}
