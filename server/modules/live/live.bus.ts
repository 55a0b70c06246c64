import { EventEmitter, on } from 'node:events';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { Env } from '../../env';
import { auditEntriesAfter, latestAuditId, notifyChannel } from './live.repo';

/** Something changed on a team's board: the client refetches what it shows. */
export interface LiveEvent {
  teamId: string;
  /** The audit action or a dispatch verb ("visit.assign", "visit.status", "plan.apply" …). */
  action: string;
  entityType: string;
  entityId: string;
  at: string;
}

/** An audit entry as a live event of its team (none for an entry of no team). */
export function liveEventOf(r: {
  teamId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  at: Date | string;
}): LiveEvent | null {
  if (!r.teamId) return null;
  const at = (r.at instanceof Date ? r.at : new Date(r.at)).toISOString();
  return { teamId: r.teamId, action: r.action, entityType: r.entityType, entityId: r.entityId, at };
}

/** The PostgreSQL NOTIFY channel every server process LISTENs on. */
export const LIVE_CHANNEL = 'doorstep_events';
/**
 * An event and where the audit log stood when it was put on the bus: every audit entry up to `cursor` had been
 * put on the bus before it, so a client that got this event and resumes from `cursor` misses nothing.
 */
export interface Delivered {
  event: LiveEvent;
  cursor: number | null;
}

const bus = new EventEmitter();
bus.setMaxListeners(0);

let listener: pg.Client | null = null;
let connecting: Promise<void> | null = null;
let relisten: NodeJS.Timeout | null = null;
let auditWatcher: NodeJS.Timeout | null = null;
let polling = false;
let lastAuditId = -1;
let subscribers = 0;

/**
 * A change reaches this process twice: announced (NOTIFY, or the in-process bus on PGlite) and again from the
 * audit log, which is what delivers the changes nobody announces and those announced while LISTEN was down.
 * Whichever copy comes first is delivered; the other is dropped when it comes within TWIN_MS.
 */
type Path = 'announced' | 'audited';
const TWIN_MS = 30_000;
const awaitingTwin = new Map<string, { path: Path; at: number }[]>();
let lastSweep = 0;

function deliver(event: LiveEvent, path: Path, cursor: number | null, now = Date.now()): void {
  if (now - lastSweep > TWIN_MS) {
    lastSweep = now;
    for (const [key, waiting] of awaitingTwin) {
      const fresh = waiting.filter((w) => now - w.at < TWIN_MS);
      if (fresh.length) awaitingTwin.set(key, fresh);
      else awaitingTwin.delete(key);
    }
  }
  const key = `${event.teamId}|${event.action}|${event.entityType}|${event.entityId}`;
  const waiting = (awaitingTwin.get(key) ?? []).filter((w) => now - w.at < TWIN_MS);
  const twin = waiting.findIndex((w) => w.path !== path);
  if (twin >= 0) {
    waiting.splice(twin, 1);
  } else {
    waiting.push({ path, at: now });
    bus.emit('event', { event, cursor } satisfies Delivered);
  }
  if (waiting.length) awaitingTwin.set(key, waiting);
  else awaitingTwin.delete(key);
}

/**
 * Announces a committed change. On PostgreSQL it goes through NOTIFY so every server process (and this one,
 * via its LISTEN connection) hears it; on PGlite there is one process and the in-process bus is enough.
 */
export async function publishLive(deps: { db: Db; env: Env }, event: LiveEvent): Promise<void> {
  if (deps.env.DATABASE_URL) {
    await notifyChannel(deps.db, LIVE_CHANNEL, JSON.stringify(event));
  } else {
    deliver(event, 'announced', auditCursor());
  }
}

/** How far this process's audit watch has read (null before its first round). */
function auditCursor(): number | null {
  return lastAuditId < 0 ? null : lastAuditId;
}

/**
 * Tells every board of the team that a visit changed, after the commit. A failed broadcast must not fail a
 * saved change: it is logged, and the audit-log watch delivers the change anyway.
 */
export async function announceVisit(
  deps: { db: Db; env: Env; log: Logger; now: () => Date },
  teamId: string,
  action: string,
  visitId: string,
): Promise<void> {
  try {
    await publishLive(deps, { teamId, action, entityType: 'visit', entityId: visitId, at: deps.now().toISOString() });
  } catch (err) {
    deps.log.warn({ err }, 'live publish failed');
  }
}

/** Opens the LISTEN connection unless it is up or on its way; one connection per process. */
function listen(env: Env, log: Logger): Promise<void> {
  if (!env.DATABASE_URL || listener) return Promise.resolve();
  connecting ??= connectListener(env.DATABASE_URL, env, log).finally(() => {
    connecting = null;
  });
  return connecting;
}

async function connectListener(url: string, env: Env, log: Logger): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('notification', (msg) => {
    if (msg.channel !== LIVE_CHANNEL || !msg.payload) return;
    try {
      deliver(JSON.parse(msg.payload) as LiveEvent, 'announced', auditCursor());
    } catch (err) {
      log.warn({ err }, 'bad live payload');
    }
  });
  // A connection lost after LISTEN (server restart, terminated backend) is replaced while anyone watches; what
  // was announced meanwhile still arrives through the audit log.
  const lost = (err?: Error) => {
    if (listener !== client) return;
    listener = null;
    log.warn({ err }, 'live LISTEN connection lost');
    client.end().catch(() => {});
    listenAgainLater(env, log, 1000);
  };
  client.on('error', lost);
  client.on('end', () => lost());
  try {
    await client.connect();
    await client.query(`listen ${LIVE_CHANNEL}`);
  } catch (err) {
    client.end().catch(() => {});
    throw err;
  }
  listener = client;
}

function listenAgainLater(env: Env, log: Logger, delayMs: number): void {
  if (relisten || subscribers === 0) return;
  relisten = setTimeout(() => {
    relisten = null;
    if (subscribers === 0) return;
    listen(env, log).catch((err) => {
      log.warn({ err }, 'LISTEN failed');
      listenAgainLater(env, log, Math.min(delayMs * 2, 30_000));
    });
  }, delayMs);
  relisten.unref();
}

/**
 * Other modules (an agent checking in, an outcome) do not publish; every change they make writes an audit
 * entry, so while anyone watches, the audit log is polled once a second and new entries of a team are broadcast.
 */
async function pollAudit(db: Db, log: Logger): Promise<void> {
  // A round that overlaps a slow one would read the same entries again.
  if (polling) return;
  polling = true;
  try {
    if (lastAuditId < 0) {
      lastAuditId = await latestAuditId(db);
      return;
    }
    const rows = await auditEntriesAfter(db, lastAuditId, null, 500);
    if (rows.length === 0) return;
    lastAuditId = rows.at(-1)?.id ?? lastAuditId;
    for (const r of rows) {
      const event = liveEventOf(r);
      if (event) deliver(event, 'audited', r.id);
    }
  } catch (err) {
    log.warn({ err }, 'audit watch failed');
  } finally {
    polling = false;
  }
}

/**
 * Yields the events of the teams `wants` accepts until the client goes away: first what `replay` reads (the
 * changes a reconnecting client missed), then the bus. The bus is joined before the replay is read, so a change
 * committed meanwhile comes at least once (twice is harmless: a client refetches).
 */
export async function* liveEvents(
  deps: { db: Db; env: Env; log: Logger },
  wants: (teamId: string) => boolean,
  signal: AbortSignal | undefined,
  replay?: () => Promise<Delivered[]>,
): AsyncGenerator<Delivered> {
  subscribers++;
  // Listen before the first await: a change committed while the LISTEN connection or the audit watch is
  // still starting must not be missed.
  const events = on(bus, 'event', { signal });
  try {
    await listen(deps.env, deps.log).catch((err) => {
      deps.log.warn({ err }, 'LISTEN failed');
      listenAgainLater(deps.env, deps.log, 1000);
    });
    if (!auditWatcher) {
      // Set before the first round's await, so that subscribers arriving meanwhile start no second watch.
      auditWatcher = setInterval(() => void pollAudit(deps.db, deps.log), 1000);
      auditWatcher.unref();
      await pollAudit(deps.db, deps.log);
    }
    if (replay) yield* await replay();
    for await (const [delivered] of events) {
      if (wants((delivered as Delivered).event.teamId)) yield delivered as Delivered;
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

/** Yields the events of one team until the client goes away. */
export async function* teamEvents(
  deps: { db: Db; env: Env; log: Logger },
  teamId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<LiveEvent> {
  for await (const d of liveEvents(deps, (t) => t === teamId, signal)) yield d.event;
}
