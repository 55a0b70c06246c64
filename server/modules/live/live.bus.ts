import { EventEmitter, on } from 'node:events';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { Env } from '../../env';
import { auditEntriesAfter, auditEntriesIn, latestAuditId, notifyChannel, snapshotBounds } from './live.repo';
import { AuditWindow } from './live.window';

/** Something changed on a team's board: the client refetches what it shows. */
export interface LiveEvent {
  teamId: string;
  /** The audit action or a dispatch verb ("visit.assign", "visit.status", "plan.apply" …). */
  action: string;
  entityType: string;
  entityId: string;
  at: string;
}

/**
 * Audit entries that record a read, not a change: who opened a photo or took an export is on record (SPEC §6),
 * but nothing any board shows differs after it, so no board of the team is told to refetch.
 */
const READ_ACTIONS: ReadonlySet<string> = new Set(['attachment.view', 'attachment.download', 'report.export']);

/** An audit entry as a live event of its team (none for an entry of no team, or one that records a read). */
export function liveEventOf(r: {
  teamId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  at: Date | string;
}): LiveEvent | null {
  if (!r.teamId || READ_ACTIONS.has(r.action)) return null;
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
let round: Promise<void> | null = null;
let auditWindow: AuditWindow | null = null;
/** How far behind the log's end a new watch starts looking for entries still to be committed. */
const START_LOOKBACK = 200;
let subscribers = 0;

/**
 * Another module's channel heard on this process's one LISTEN connection (the session cache,
 * auth/session-cache.ts): it is told each payload, and when the connection comes up listening on its channel or is
 * lost (whatever was announced meanwhile went unheard). While any is registered the connection is kept open, as
 * it is while anyone watches a board.
 */
export interface Hearer {
  channel: string;
  heard(payload: string): void;
  connection(up: boolean): void;
}
const hearers = new Set<Hearer>();
const wanted = () => subscribers > 0 || hearers.size > 0;

/** Registers `hearer` and opens the connection unless it is up (PostgreSQL only); the returned function leaves. */
export function hearOnLiveConnection(env: Env, log: Logger, hearer: Hearer): () => void {
  hearers.add(hearer);
  const up = listener;
  if (up) {
    up.query(`listen ${hearer.channel}`).then(
      () => hearers.has(hearer) && listener === up && hearer.connection(true),
      (err: unknown) => log.warn({ err }, 'LISTEN failed'),
    );
  } else {
    listen(env, log).catch((err) => {
      log.warn({ err }, 'LISTEN failed');
      listenAgainLater(env, log, 1000);
    });
  }
  return () => {
    hearers.delete(hearer);
  };
}

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
    // A watch starting up knows its cursor once its first round ends: an event without one makes a client that
    // reconnects reload everything.
    if (!auditWindow && round) await round;
    deliver(event, 'announced', auditCursor());
  }
}

/**
 * Where a client may resume from: every audit entry up to it has been put on the bus or never will exist (null
 * before the watch's first round).
 */
export function auditCursor(): number | null {
  return auditWindow ? auditWindow.cursor : null;
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
    for (const h of hearers) if (h.channel === msg.channel && listener === client) h.heard(msg.payload ?? '');
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
    for (const h of hearers) h.connection(false);
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
  // Each hearer's channel, and then it is told the connection is up: from then on it hears every announcement.
  for (const h of hearers) {
    client.query(`listen ${h.channel}`).then(
      () => hearers.has(h) && listener === client && h.connection(true),
      (err: unknown) => log.warn({ err }, 'LISTEN failed'),
    );
  }
}

function listenAgainLater(env: Env, log: Logger, delayMs: number): void {
  if (relisten || !wanted()) return;
  relisten = setTimeout(() => {
    relisten = null;
    if (!wanted()) return;
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
 * Ids are not commit order: the window (live.window.ts) reads past an id not yet committed and looks for it
 * again until it comes or cannot come any more; the cursor handed to clients stays below it meanwhile.
 */
function pollAudit(db: Db, log: Logger): Promise<void> {
  // A round that overlaps a slow one would read the same entries again: a caller gets the one in flight (a new
  // stream waits for it, so the cursor it hands out is known).
  round ??= pollRound(db, log).finally(() => {
    round = null;
  });
  return round;
}

async function pollRound(db: Db, log: Logger): Promise<void> {
  try {
    const starting = !auditWindow;
    // The latest entries are history for a new watch, but the holes among them may still be filled: it starts
    // START_LOOKBACK ids back and delivers nothing up to where the log stood.
    const startedAt = starting ? await latestAuditId(db) : 0;
    const w = auditWindow ?? new AuditWindow(Math.max(0, startedAt - START_LOOKBACK));
    const before = await snapshotBounds(db);
    const fresh = await auditEntriesAfter(db, w.readAfter, null, 500);
    const missing = w.missing;
    const late = missing.length ? await auditEntriesIn(db, missing) : [];
    const after = await snapshotBounds(db);
    const { deliver: rows, givenUp } = w.advance(fresh, late, { xmin: before.xmin, xmax: after.xmax });
    auditWindow = w;
    if (givenUp.length) log.warn({ ids: givenUp.slice(0, 20), count: givenUp.length }, 'audit ids given up');
    const cursor = w.cursor;
    for (const r of rows) {
      if (starting && r.id <= startedAt) continue;
      const event = liveEventOf(r);
      if (event) deliver(event, 'audited', Math.min(r.id, cursor));
    }
  } catch (err) {
    log.warn({ err }, 'audit watch failed');
  }
}

/**
 * Yields the events of the teams `wants` accepts until the client goes away: first what `replay` reads (the
 * changes a reconnecting client missed), then the bus. The bus is joined before the replay is read, so a change
 * committed meanwhile comes at least once (twice is harmless: a client refetches).
 */
export async function* liveEvents(
  deps: { db: Db; env: Env; log: Logger },
  wants: (teamId: string) => boolean | Promise<boolean>,
  signal: AbortSignal | undefined,
  replay?: () => Promise<Delivered[]>,
): AsyncGenerator<Delivered> {
  subscribers++;
  // Listen before the first await: a change committed while the LISTEN connection or the audit watch is
  // still starting must not be missed.
  const events = on(bus, 'event', { signal });
  try {
    if (!auditWatcher) {
      // Set before the first round's await, so that subscribers arriving meanwhile start no second watch.
      auditWatcher = setInterval(() => void pollAudit(deps.db, deps.log), 1000);
      auditWatcher.unref();
    }
    // The first round starts BEFORE the LISTEN connection: it takes the log's end as history, and an
    // announcement sent while LISTEN is still connecting reaches nobody, so a change committed in that gap was
    // lost (another process's pin during a board's start). Read first, every later commit is news to the watch.
    if (!auditWindow) void pollAudit(deps.db, deps.log);
    await listen(deps.env, deps.log).catch((err) => {
      deps.log.warn({ err }, 'LISTEN failed');
      listenAgainLater(deps.env, deps.log, 1000);
    });
    // Until the watch's first round the resume point is unknown: every new stream waits for it (pollAudit hands
    // out the round in flight, not a second one).
    if (!auditWindow) await pollAudit(deps.db, deps.log);
    if (replay) yield* await replay();
    for await (const [delivered] of events) {
      if (await wants((delivered as Delivered).event.teamId)) yield delivered as Delivered;
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'AbortError')) throw err;
  } finally {
    subscribers--;
    if (subscribers === 0 && auditWatcher) {
      clearInterval(auditWatcher);
      auditWatcher = null;
      auditWindow = null;
    }
  }
}

/** Yields the events of one team (while `allows` lets it) until the client goes away. */
export async function* teamEvents(
  deps: { db: Db; env: Env; log: Logger },
  teamId: string,
  allows: (teamId: string) => Promise<boolean>,
  signal: AbortSignal | undefined,
): AsyncGenerator<LiveEvent> {
  for await (const d of liveEvents(deps, async (t) => t === teamId && (await allows(t)), signal)) yield d.event;
}
