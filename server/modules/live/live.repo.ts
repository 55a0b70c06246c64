import { and, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { auditLog, visits } from '../../../drizzle/schema';
import { builtOnce } from '../../db/built-once';
import type { Db } from '../../db/client';

/** Sends a payload to every session LISTENing on the channel (PostgreSQL only), delivered on commit. */
export async function notifyChannel(db: Db, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

const newestAuditId = builtOnce((db) =>
  db
    .select({ max: sql<number>`coalesce(max(${auditLog.id}), 0)`.mapWith(Number) })
    .from(auditLog)
    .prepare('doorstep_latest_audit_id'),
);

/**
 * The newest audit entry's id (0 when the log is empty): where a new watch starts reading, and the position a
 * board's read starts its stream from when no watch runs in the process. Built once, a named statement: one without
 * parameters would otherwise be parsed and planned on every call.
 */
export async function latestAuditId(db: Db): Promise<number> {
  const [row] = await newestAuditId(db).execute();
  return row?.max ?? 0;
}

/**
 * The audit entries after `afterId`, oldest first, at most `limit`, each with its team: an entry written without a
 * team (a field agent's visit change) counts for its visit's team; an entry of no team has a null one. With
 * `teamIds`, only those teams' entries (what a reconnecting board missed); with null, every entry (the watch
 * reads past the ones of no team).
 */
export function auditEntriesAfter(db: Db, afterId: number, teamIds: string[] | null, limit: number) {
  return auditEntriesWhere(
    db,
    (team) => and(gt(auditLog.id, afterId), teamIds ? inArray(team, teamIds) : undefined),
    limit,
  );
}

/** The audit entries of these ids that are there now (ids the watch skipped as not yet committed), with teams. */
export function auditEntriesIn(db: Db, ids: number[]) {
  return auditEntriesWhere(db, () => inArray(auditLog.id, ids), ids.length);
}

/**
 * The current snapshot's bounds as xid8: every transaction below `xmin` has ended, and every transaction that had
 * begun (and had an id) when it was taken is below `xmax`.
 */
export async function snapshotBounds(db: Db): Promise<{ xmin: bigint; xmax: bigint }> {
  const [row] = await db
    .select({
      xmin: sql<string>`pg_snapshot_xmin(s)::text`,
      xmax: sql<string>`pg_snapshot_xmax(s)::text`,
    })
    .from(sql`pg_current_snapshot() s`);
  if (!row) throw new Error('no snapshot');
  return { xmin: BigInt(row.xmin), xmax: BigInt(row.xmax) };
}

function auditEntriesWhere(db: Db, where: (team: SQL<string | null>) => SQL | undefined, limit: number) {
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
    .where(where(team))
    .orderBy(auditLog.id)
    .limit(limit);
}
