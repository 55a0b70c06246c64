import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../../db/client';
import type { Env } from '../../env';
import { hearOnLiveConnection } from '../live/live.bus';
import { announceSessionChange, findSession, findUserBySession, type UserWithScope } from './auth.repo';
import { SESSIONS_CHANNEL } from './session-token';

interface Entry {
  user: Readonly<UserWithScope>;
  /** The session's end (ms, the server's clock). */
  expiresAt: number;
  /** When it was read: by the server's clock (tests move it) and by the monotonic one (which nobody moves). */
  readAt: number;
  readAtMonotonic: number;
}

/** The most sessions one process keeps; past it the oldest goes. */
const MAX_ENTRIES = 20_000;

/**
 * Who a session belongs to, read on every request (one statement) unless a process may keep it: on PostgreSQL a
 * process keeps a session it read for at most SESSION_CACHE_MS (default 5 s), and only while it hears the
 * announcements on its LISTEN connection (the live bus's one; live.bus.ts). The writers that end sessions or change
 * what a user may see (auth.service, agents.write) announce the user in their transaction (sessionsChanged): the
 * writer's process drops that user's sessions at once, every process when the announcement arrives at the commit. So a sign-out, a deactivation or a password reset stops the session on every
 * process as soon as the announcement arrives, and anything nobody announces (a row changed by hand) within
 * SESSION_CACHE_MS. While the connection is down nothing is kept, and what was kept before is dropped (it may have
 * missed an announcement). A read that an announcement overtook is not kept. The session's end is checked on
 * every request against the request's clock, as the statement does. PGlite (one process) reads every time.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  /** Moves with every announcement and every change of the connection: a read it moved past is not kept. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  /** A user's sessions changed somewhere: drop them. */
  heard(userId: string): void {
    this.generation++;
    for (const [tokenHash, e] of this.entries) if (e.user.id === userId) this.entries.delete(tokenHash);
  }

  /** The LISTEN connection came up or was lost: either way what is kept may have missed an announcement. */
  connection(up: boolean): void {
    this.generation++;
    this.listening = up;
    this.entries.clear();
  }

  async userOf(tokenHash: string, now: Date): Promise<Readonly<UserWithScope> | null> {
    const at = now.getTime();
    const monotonic = performance.now();
    const kept = this.listening ? this.entries.get(tokenHash) : undefined;
    if (kept) {
      const fresh = at >= kept.readAt && at - kept.readAt < this.ttlMs && monotonic - kept.readAtMonotonic < this.ttlMs;
      if (fresh && at < kept.expiresAt) return kept.user;
      this.entries.delete(tokenHash);
    }
    const generation = this.generation;
    const found = await findSession(this.db, tokenHash, now);
    if (!found) return null;
    const user = Object.freeze({ ...found.user, teamIds: Object.freeze(found.user.teamIds) as string[] });
    if (this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(tokenHash, {
        user,
        expiresAt: found.expiresAt.getTime(),
        readAt: at,
        readAtMonotonic: monotonic,
      });
    }
    return user;
  }
}

/** The caches of this process's apps (one in production; tests build several). */
const caches = new Set<SessionCache>();

/**
 * A user's sessions ended or what they may see changed, in the writer's transaction: announced to every process at
 * the commit, and this process's caches drop the user now, so the writer's own next request reads it anew.
 */
export async function sessionsChanged(tx: DbOrTx, userId: string): Promise<void> {
  await announceSessionChange(tx, userId);
  for (const cache of caches) cache.heard(userId);
}

/** How one app (http.ts) resolves a session's user; `close` stops hearing the announcements. */
export interface SessionResolver {
  userOf(tokenHash: string, now: Date): Promise<Readonly<UserWithScope> | null>;
  close(): void;
}

/** The cache on PostgreSQL with SESSION_CACHE_MS > 0, else a read per request. */
export function sessionResolver(deps: { db: Db; env: Env; log: Logger }): SessionResolver {
  if (!deps.env.DATABASE_URL || deps.env.SESSION_CACHE_MS === 0) {
    return { userOf: (tokenHash, now) => findUserBySession(deps.db, tokenHash, now), close: () => {} };
  }
  const cache = new SessionCache(deps.db, deps.env.SESSION_CACHE_MS);
  caches.add(cache);
  const leave = hearOnLiveConnection(deps.env, deps.log, {
    channel: SESSIONS_CHANNEL,
    heard: (userId) => cache.heard(userId),
    connection: (up) => cache.connection(up),
  });
  return {
    userOf: (tokenHash, now) => cache.userOf(tokenHash, now),
    close: () => {
      caches.delete(cache);
      leave();
      cache.connection(false);
    },
  };
}
