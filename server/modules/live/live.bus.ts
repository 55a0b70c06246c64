import { EventEmitter, on } from 'node:events';
import { gt, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Logger } from 'pino';
import { auditLog, visits } from '../../../drizzle/schema';
import type { Db } from '../../db/client';
import type { Env } from '../../env';

/** Something changed on a team's board: the client refetches what it shows. */
export interface LiveEvent {
  teamId: string;
  /** The audit action or a dispatch verb ("visit.assign", "visit.status", "plan.apply" …). */
  action: string;
  entityType: string;
  entityId: string;
  at: string;
}

const CHANNEL = 'doorstep_events';
const bus = new EventEmitter();
bus.setMaxListeners(0);

let pgListener: pg.Client | null = null;
let auditWatcher: NodeJS.Timeout | null = null;
let lastAuditId = -1;
let subscribers = 0;

/**
 * Announces a committed change. On PostgreSQL it goes through NOTIFY so every server process (and this one,
 * via its LISTEN connection) hears it; on PGlite there is one process and the in-process bus is enough.
 */
export async function publishLive(deps: { db: Db; env: Env }, event: LiveEvent): Promise<void> {
  if (deps.env.DATABASE_URL) {
    await deps.db.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`);
  } else {
    bus.emit('event', event);
  }
}

async function startPgListener(env: Env, log: Logger): Promise<void> {
  if (pgListener || !env.DATABASE_URL) return;
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  pgListener = client;
  client.on('notification', (msg) => {
    if (msg.channel !== CHANNEL || !msg.payload) return;
    try {
      bus.emit('event', JSON.parse(msg.payload) as LiveEvent);
    } catch (err) {
      log.warn({ err }, 'bad live payload');
    }
  });
  client.on('error', (err) => {
    log.warn({ err }, 'live LISTEN connection lost');
    pgListener = null;
  });
  await client.connect();
  await client.query(`listen ${CHANNEL}`);
}

/**
 * Other modules (an agent checking in, an outcome) do not publish; every change they make writes an audit
 * entry, so while anyone watches, the audit log is polled once a second and new visit entries are broadcast.
 */
async function pollAudit(db: Db, log: Logger): Promise<void> {
  try {
    if (lastAuditId < 0) {
      const [row] = await db
        .select({ max: sql<number>`coalesce(max(${auditLog.id}), 0)`.mapWith(Number) })
        .from(auditLog);
      lastAuditId = row?.max ?? 0;
      return;
    }
    const rows = await db
      .select({
        id: auditLog.id,
        teamId: auditLog.teamId,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        at: auditLog.at,
      })
      .from(auditLog)
      .where(gt(auditLog.id, lastAuditId))
      .orderBy(auditLog.id)
      .limit(500);
    if (rows.length === 0) return;
    lastAuditId = rows.at(-1)?.id ?? lastAuditId;
    const orphanVisitIds = rows.filter((r) => !r.teamId && r.entityType === 'visit').map((r) => r.entityId);
    const teamOf = new Map<string, string>();
    if (orphanVisitIds.length) {
      const found = await db
        .select({ id: visits.id, teamId: visits.teamId })
        .from(visits)
        .where(inArray(visits.id, orphanVisitIds));
      for (const f of found) teamOf.set(f.id, f.teamId);
    }
    for (const r of rows) {
      const teamId = r.teamId ?? teamOf.get(r.entityId);
      if (!teamId) continue;
      bus.emit('event', {
        teamId,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        at: r.at.toISOString(),
      } satisfies LiveEvent);
    }
  } catch (err) {
    log.warn({ err }, 'audit watch failed');
  }
}

/** Yields the events of one team until the client goes away. */
export async function* teamEvents(
  deps: { db: Db; env: Env; log: Logger },
  teamId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<LiveEvent> {
  subscribers++;
  // Listen before the first await: a change committed while the LISTEN connection or the audit watch is
  // still starting must not be missed.
  const events = on(bus, 'event', { signal });
  try {
    await startPgListener(deps.env, deps.log).catch((err) => deps.log.warn({ err }, 'LISTEN failed'));
    if (!auditWatcher) {
      await pollAudit(deps.db, deps.log);
      auditWatcher = setInterval(() => void pollAudit(deps.db, deps.log), 1000);
      auditWatcher.unref();
    }
    for await (const [event] of events) {
      if ((event as LiveEvent).teamId === teamId) yield event as LiveEvent;
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'AbortError')) throw err;
  } finally {
    subscribers--;
    if (subscribers === 0 && auditWatcher) {
      clearInterval(auditWatcher);
      auditWatcher = null;
      lastAuditId = -1;
    }
  }
}
