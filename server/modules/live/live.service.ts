import { tracked } from '@trpc/server';
import type { LiveBoardInput, LiveInput } from '../../../shared/schemas/dispatch';
import type { Db } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { assertTeamAccess, visibleTeamIds } from '../scope';
import { type StreamAccess, streamAccess } from './live.access';
import { auditCursor, type Delivered, type LiveEvent, liveEventOf, liveEvents, teamEvents } from './live.bus';
import { auditEntriesAfter, latestAuditId } from './live.repo';

/**
 * Where a page's stream starts from, taken by a read BEFORE its SELECTs and answered with it (`liveFrom`): every
 * change up to it was committed before the read, so the page opens its stream with it as `lastEventId` and the
 * stream first replays what was committed after it — the changes made between the page's read and its stream
 * joining the bus, which no new stream would otherwise send. Free while this process watches the audit log (the
 * watch's cursor: no older id can still commit, live.window.ts). Otherwise one statement, the log's newest id:
 * entries are written one at a time under the chain lock (appendAudit: each links to the previous one's hash, the
 * lock held to commit), so no id below the newest committed one can still commit.
 */
export async function livePosition(ctx: { db: Db }): Promise<string> {
  return String(auditCursor() ?? (await latestAuditId(ctx.db)));
}

/** The caller's team's live events; the team check runs before the stream opens and again while it is open. */
export function watchTeam(ctx: AuthedContext, input: LiveInput, signal: AbortSignal | undefined) {
  assertTeamAccess(ctx.user, input.teamId);
  return checked(ctx, [input.teamId], signal, (access) => teamEvents(ctx, input.teamId, access.allows, access.signal));
}

/**
 * More missed changes than this and a reconnecting board is told to reload instead (one event, not hundreds it
 * would each answer with a refetch).
 */
const REPLAY_LIMIT = 200;

/** "Reload everything you show": sent when the changes missed cannot be listed (too many, or unknown id). */
export const RESYNC: LiveEvent = { teamId: '', action: 'live.resync', entityType: 'board', entityId: '', at: '' };

/** An event id the client cannot resume from: it gets RESYNC when it comes back with it. */
const UNKNOWN = 'unknown';

/**
 * One stream for a whole board: the events of the teams asked for (each checked before the stream opens), or of
 * every team the caller sees. The filter is the server's: a client naming no team, or a team of someone else's,
 * never receives another team's events. Each event carries the audit-log position as its id, so a client that
 * reconnects (the browser sends the last id) first gets the changes it missed, read from the audit log, which
 * is shared by every app process.
 */
export function watchBoard(ctx: AuthedContext, input: LiveBoardInput, signal: AbortSignal | undefined) {
  for (const teamId of input.teamIds ?? []) assertTeamAccess(ctx.user, teamId);
  const teams = input.teamIds ?? visibleTeamIds(ctx.user);
  // Opened for the teams asked (or seen) now; while open, only those the user still sees (live.access.ts).
  const replay = input.lastEventId ? () => missedSince(ctx, input.lastEventId as string, teams) : undefined;
  return checked(ctx, input.teamIds ?? null, signal, (access) =>
    trackedEvents(liveEvents(ctx, access.allows, access.signal, replay)),
  );
}

async function* trackedEvents(events: AsyncGenerator<Delivered>) {
  for await (const d of events) yield tracked(d.cursor === null ? UNKNOWN : String(d.cursor), d.event);
}

/**
 * The stream's events under its session's re-checks, which start when the stream is first read (a subscription
 * nobody reads holds no timer) and stop with it, however it ends.
 */
async function* checked<T>(
  ctx: AuthedContext,
  asked: string[] | null,
  signal: AbortSignal | undefined,
  open: (access: StreamAccess) => AsyncGenerator<T>,
) {
  const access = streamAccess(ctx, asked, signal);
  try {
    yield* open(access);
  } finally {
    access.stop();
  }
}

async function missedSince(ctx: AuthedContext, lastEventId: string, teams: string[] | null): Promise<Delivered[]> {
  if (!/^\d{1,15}$/.test(lastEventId)) return [{ event: RESYNC, cursor: null }];
  const resumedFrom = Number(lastEventId);
  const rows = await auditEntriesAfter(ctx.db, resumedFrom, teams, REPLAY_LIMIT + 1);
  if (rows.length > REPLAY_LIMIT) return [{ event: RESYNC, cursor: null }];
  // A replayed entry's own id is no resume point while an older id may still be committed (live.window.ts): the
  // watch's cursor is, or the id the client came back with (it was one).
  const safe = auditCursor() ?? resumedFrom;
  // An id past the log's end was never handed out (forged, or from another database): what the client has is unknown.
  if (rows.length === 0 && resumedFrom > safe && resumedFrom > (await latestAuditId(ctx.db))) {
    return [{ event: RESYNC, cursor: null }];
  }
  return rows.flatMap((r) => {
    const event = liveEventOf(r);
    return event ? [{ event, cursor: Math.max(resumedFrom, Math.min(r.id, safe)) }] : [];
  });
}
