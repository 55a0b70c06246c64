import type { QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../../server/trpc/root';

/**
 * What the dispatch page asks for first, asked for at startup with the session check: the team list, the public
 * configuration and — when the address names one team and a date, as a shared link or a reload does — that
 * team's day. The page then finds them cached or on their way. Signed out, they answer 401 like the check.
 */
export function prefetchDispatch(trpc: TRPCOptionsProxy<AppRouter>, queryClient: QueryClient, search: string): void {
  const params = new URLSearchParams(search);
  void queryClient.prefetchQuery(trpc.teams.list.queryOptions());
  void queryClient.prefetchQuery(trpc.config.public.queryOptions());
  // A shape check only, not teamDayInput: importing a zod schema here puts zod in the startup chunk (index 325 →
  // 415 kB, vite build) and slows the very load this prefetch speeds up. The server still checks the input; a
  // 2026-02-30 that passes here is answered 400 and the page asks again with the day it shows.
  const teamId = params.get('team');
  const date = params.get('date');
  if (teamId && /^[0-9a-f-]{36}$/.test(teamId) && date && /^\d{4}-\d{2}-\d{2}$/.test(date) && !params.get('view')) {
    void queryClient.prefetchQuery(trpc.dispatch.day.queryOptions({ teamId, date }));
  }
}
