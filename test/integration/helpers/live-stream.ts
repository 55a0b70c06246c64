import { and, eq, ne } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import { users, visits } from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import type { Env } from '../../../server/env';
import { auditCursor, type LiveEvent } from '../../../server/modules/live/live.bus';
import { createCaller } from '../../../server/trpc/root';
import { addDays } from '../../../shared/time';
import { makeContext } from './db';
import { TODAY } from './demo';
import type { DemoUsers } from './demo-city';
import { signedIn } from './signed-in';

const TOMORROW = addDays(TODAY, 1);

export type Tracked = [id: string, event: LiveEvent];

/** A guard against a hang, not a timing check: a stream that neither yields nor ends fails the test here. */
export function within<T>(read: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    read,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A live stream (live.board yields `Tracked`, live.team a bare `LiveEvent`), already live when this resolves: its
 * first read is started here (the stream joins the bus on it), then the audit watch's first round is awaited.
 * That round takes the log's end as history: under load it can start after a change the test makes next, which
 * would be history, not news (CI failed 'no event' that way). Its cursor is known once it has run: a state, not
 * a delay. `next()` is the next event; `ended()` resolves once the server ends it (fails if an event comes).
 */
export async function opened<T = Tracked>(stream: Promise<unknown>) {
  const it = ((await stream) as AsyncIterable<T>)[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<T>> | null = it.next();
  await vi.waitFor(() => expect(auditCursor()).not.toBeNull(), { timeout: 60_000, interval: 20 });
  const read = () => {
    const r = first ?? it.next();
    first = null;
    return r;
  };
  return {
    next: async (ms = 10_000): Promise<T> => {
      const r = await within(read(), ms, 'no event');
      if (r.done) throw new Error('stream ended');
      return r.value;
    },
    ended: async (ms = 10_000): Promise<void> => {
      const r = await within(read(), ms, 'stream still open');
      if (!r.done) throw new Error(`stream delivered ${JSON.stringify(r.value)} instead of ending`);
    },
    close: () => it.return?.(undefined),
  };
}

/** Changes to make on a demo city's boards, each a fresh visit of tomorrow (a pin: one event of its team). */
export function boardChanges(demo: { handle: DbHandle; users: DemoUsers; teamId: string }) {
  const used = new Set<string>();
  const admin = () => createCaller(makeContext(demo.handle, demo.users.admin));
  return {
    /** Pins an assigned visit of the team tomorrow not pinned before; its id. */
    pin: async (teamId: string) => {
      const rows = await demo.handle.db
        .select({ id: visits.id, version: visits.version })
        .from(visits)
        .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, TOMORROW), eq(visits.status, 'assigned')))
        .limit(40);
      const v = rows.find((r) => !used.has(r.id));
      if (!v) throw new Error(`no assigned visit left in team ${teamId}`);
      used.add(v.id);
      await admin().dispatch.setPinned({
        visitId: v.id,
        pinned: true,
        version: v.version,
        idempotencyKey: `live-pin-${v.id}`,
      });
      return v.id;
    },
    /** A team other than the dispatcher's with assigned visits tomorrow. */
    otherTeam: async () => {
      const [row] = await demo.handle.db
        .select({ teamId: visits.teamId })
        .from(visits)
        .where(and(ne(visits.teamId, demo.teamId), eq(visits.visitDate, TOMORROW), eq(visits.status, 'assigned')))
        .limit(1);
      if (!row) throw new Error('the demo city has no second team with visits tomorrow');
      return row.teamId;
    },
    /** A new dispatcher of these teams, signed in (an admin creates the account; its first password is kept). */
    dispatcherOf: async (username: string, teamIds: string[], env?: Partial<Env>) => {
      const password = 'live-stream-password';
      const { id } = await admin().admin.createUser({
        idempotencyKey: `live-user-${username}`,
        username,
        displayName: username,
        password,
        role: 'dispatcher',
        teamIds,
      });
      await demo.handle.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, id));
      return { id, ctx: await signedIn(demo.handle, username, { password, env }) };
    },
  };
}
