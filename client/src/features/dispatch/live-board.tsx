import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '../../lib/trpc';

/**
 * Live updates for every team on the board over ONE stream (`live.board`): a stream per team took all six of
 * the browser's connections to the site with a 25-team board, and no other request of the page got through.
 * The server sends only the shown teams' events, each with an id; after a dropped connection the browser
 * reconnects with the last id and the server sends what was missed first. Each event refetches the board's
 * days and the week overview's counts (coalesced, so a plan applied to forty visits causes one refetch).
 */
export function LiveBoard({ teamIds, enabled }: { teamIds: readonly string[]; enabled: boolean }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useSubscription(
    trpc.live.board.subscriptionOptions(teamIds.length ? { teamIds: [...teamIds] } : {}, {
      enabled: enabled && teamIds.length > 0,
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
