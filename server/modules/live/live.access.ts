import { performance } from 'node:perf_hooks';
import type { AuthedContext } from '../../trpc/context';
import { sessionUserNow } from '../auth/auth.service';
import { visibleTeamIds } from '../scope';

/**
 * What a long-open stream may still deliver. The session was checked when the stream opened, but a stream stays
 * open for hours: its user may sign out, be deactivated, have the password reset (every session ends) or be
 * removed from a team meanwhile, possibly through another app process. Sessions and team memberships live in the
 * database, so the stream re-reads them there: every LIVE_RECHECK_MS, and before an event when the last check is
 * older than that. A session that no longer holds ends the stream; a team no longer seen drops its events.
 */
export interface StreamAccess {
  /** Whether an event of the team that arrived now may be delivered (after a re-check if the last is stale). */
  allows(teamId: string): Promise<boolean>;
  /** The client's signal, also aborted when the session stops holding: the stream ends. */
  signal: AbortSignal;
  stop(): void;
}

/** The timer's floor: LIVE_RECHECK_MS=0 means "before every event", not a busy loop. */
const MIN_TIMER_MS = 250;
/**
 * `asked`: the teams the stream was opened for (each checked then), or null for every team the user sees. An
 * admin sees every team, so only the session is re-checked; a user whose role changed is treated as signed out.
 */
export function streamAccess(
  ctx: AuthedContext,
  asked: string[] | null,
  client: AbortSignal | undefined,
): StreamAccess {
  const staleMs = ctx.env.LIVE_RECHECK_MS;
  const ended = new AbortController();
  const signal = client ? AbortSignal.any([client, ended.signal]) : ended.signal;
  let teams = shownTeams(asked, visibleTeamIds(ctx.user));
  /** When the last finished check started (monotonic: a test's fixed ctx.now() must not freeze it). */
  let checkedAt = performance.now();
  let running: Promise<void> | null = null;

  const end = (reason: string) => {
    ctx.log.info({ userId: ctx.user.id, reason }, 'live stream ended: session re-check');
    ended.abort();
  };
  const check = (): Promise<void> => {
    const started = performance.now();
    running = (async () => {
      try {
        // A statement that met a connection the server had ended (a restart, a failover) ran again on a new one
        // (the pool's, server/db/lost-connections.ts): one lost connection does not end every open stream.
        const user = await sessionUserNow(ctx.db, ctx.user.sessionTokenHash, ctx.now());
        if (!user || user.role !== ctx.user.role || user.mustChangePassword) return end('session');
        teams = shownTeams(asked, visibleTeamIds({ ...user, sessionTokenHash: ctx.user.sessionTokenHash }));
        checkedAt = started;
      } catch (err) {
        // Unchecked is not allowed: the client reconnects, and its new request checks the session again.
        ctx.log.warn({ err }, 'live session re-check failed');
        end('check failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(
    () => {
      if (!running && !ended.signal.aborted) void check();
    },
    Math.max(staleMs, MIN_TIMER_MS),
  );
  timer.unref();
  const stop = () => clearInterval(timer);
  signal.addEventListener('abort', stop, { once: true });

  return {
    signal,
    stop,
    async allows(teamId) {
      const arrived = performance.now();
      // A check that started before the event arrived may predate the change that should hide it: wait for one
      // that started late enough (with 0, after the event arrived).
      while (checkedAt < arrived - staleMs && !ended.signal.aborted) await (running ?? check());
      if (ended.signal.aborted) return false;
      return teams ? teams.has(teamId) : true;
    },
  };
}

/** The teams a stream shows: those asked for that the user still sees (null: every team). */
function shownTeams(asked: string[] | null, visible: string[] | null): Set<string> | null {
  if (!visible) return asked ? new Set(asked) : null;
  const sees = new Set(visible);
  return new Set((asked ?? visible).filter((t) => sees.has(t)));
}
