import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { useStreamStart } from '../../lib/live-start';
import { useTRPC } from '../../lib/trpc';

/**
 * Live updates for every team on the board over ONE stream (`live.board`): a stream per team took all six of
 * the browser's connections to the site with a 25-team board, and no other request of the page got through.
 * The server sends only the shown teams' events, each with an id; after a dropped connection the browser
 * reconnects with the last id and the server sends what was missed first. Each event refetches the board's
 * days and the week overview's counts (coalesced, so a plan applied to forty visits causes one refetch).
 *
 * The stream opens once the board's reads have answered, from where they stood (`from`, their `liveFrom`): a
 * change committed between a read and the stream joining the server's bus is sent first (a stream opened without
 * a position sends nothing older than itself). A refetch later answers a newer position; the open stream keeps
 * its own (tRPC resumes from the last event's id), so it never goes back.
 */
export function LiveBoard({
  teamIds,
  enabled,
  from,
}: {
  teamIds: readonly string[];
  enabled: boolean;
  /** Where the shown reads stood (the oldest `liveFrom`); unset while they are on their way. */
  from: string | undefined;
}) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const lastEventId = useStreamStart(teamIds.join(','), from);
  useSubscription(
    trpc.live.board.subscriptionOptions(teamIds.length ? { teamIds: [...teamIds], lastEventId } : { lastEventId }, {
      enabled: enabled && teamIds.length > 0 && lastEventId !== undefined,
      onData: () => {
        if (timer.current) return;
        timer.current = setTimeout(() => {
          timer.current = null;
          void client.invalidateQueries({ queryKey: trpc.dispatch.day.queryKey() });
          void client.invalidateQueries({ queryKey: trpc.dispatch.teamDays.queryKey() });
        }, 50);
      },
    }),
  );
  return null;
}
