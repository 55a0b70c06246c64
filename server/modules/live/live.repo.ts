import { and, gt, inArray, sql } from 'drizzle-orm';
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

/**
 * The audit entries after `afterId`, oldest first, at most `limit`, each with its team: an entry written without a
 * team (a field agent's visit change) counts for its visit's team; an entry of no team has a null one. With
 * `teamIds`, only those teams' entries (what a reconnecting board missed); with null, every entry (the watch
 * reads past the ones of no team).
 */
export async function auditEntriesAfter(db: Db, afterId: number, teamIds: string[] | null, limit: number) {
  // The uuid cast only for entries that hold one: an entity id is free text for other entity types.
  const visitId = sql`case when ${auditLog.teamId} is null and ${auditLog.entityType} = 'visit'
    and ${auditLog.entityId} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then ${auditLog.entityId}::uuid end`;
  const team = sql<string | null>`coalesce(${auditLog.teamId}, ${visits.teamId})`;
  return db
    .select({
      id: auditLog.id,
      teamId: team,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      at: auditLog.at,
    })
    .from(auditLog)
    .leftJoin(visits, sql`${visits.id} = ${visitId}`)
    .where(and(gt(auditLog.id, afterId), teamIds ? inArray(team, teamIds) : undefined))
    .orderBy(auditLog.id)
    .limit(limit);
}
