import type { QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../../server/trpc/root';
import type { createClient } from '../../lib/trpc';

const looksLikeDate = (s: string | null): s is string => s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s);

/**
 * What the dispatch page asks for first, asked for at startup with the session check: the public configuration,
 * the team list and the boards the page shows — the named team's day when the address names a team and a date (a
 * shared link, a reload); for "All my teams" (with or without a date) one read that answers the team list and the
 * days of the page of teams the address names, so the boards do not wait for the list to come back first. The
 * page then finds them cached or on their way. Signed out, they answer 401 like the check.
 */
export function prefetchDispatch(
  client: ReturnType<typeof createClient>,
  trpc: TRPCOptionsProxy<AppRouter>,
  queryClient: QueryClient,
  search: string,
): void {
  const params = new URLSearchParams(search);
  void queryClient.prefetchQuery(trpc.config.public.queryOptions());
  // A shape check only, not teamDayInput: importing a zod schema here puts zod in the startup chunk (index 325 →
  // 415 kB, vite build) and slows the very load this prefetch speeds up. The server still checks the input; a
  // 2026-02-30 that passes here is answered 400 and the page asks again with the day it shows.
  const teamId = params.get('team');
  const date = params.get('date');
  const day = looksLikeDate(date) && !params.get('view');
  if (teamId === 'all' && !params.get('view')) {
    // The list is this read's `teams`; the days are stored where the board looks for them before the list
    // resolves, so the page never asks for them again. A caller the read refuses (an agent) gets the list alone.
    const first = queryClient.fetchQuery(
      teamsPageQuery(client, trpc, queryClient, {
        date: looksLikeDate(date) ? date : undefined,
        page: askedPage(params),
      }),
    );
    void queryClient.prefetchQuery({
      queryKey: trpc.teams.list.queryKey(),
      queryFn: () => first.then((r) => r.teams).catch(() => client.teams.list.query()),
    });
    return;
  }
  void queryClient.prefetchQuery(trpc.teams.list.queryOptions());
  if (day && teamId && /^[0-9a-f-]{36}$/.test(teamId)) {
    void queryClient.prefetchQuery(trpc.dispatch.day.queryOptions({ teamId, date }));
  }
}

/** The page of "All my teams" the address names (`?teams=N`), as `dispatch.teamsPage` takes it. */
export const askedPage = (params: URLSearchParams) => Math.max(1, Math.trunc(Number(params.get('teams') ?? 1)) || 1);

/**
 * `dispatch.teamsPage` as a query: the caller's teams and the boards of one page of them, each board stored where
 * `dispatch.day` would be, so the board finds them. Without a date the server picks today where the first team
 * works — the one place that rule lives: the page shows the answer's `date`, so a browser whose clock is off never
 * shows (and asks for) another day.
 */
export function teamsPageQuery(
  client: ReturnType<typeof createClient>,
  trpc: TRPCOptionsProxy<AppRouter>,
  queryClient: QueryClient,
  input: { date?: string; page: number },
) {
  return {
    queryKey: trpc.dispatch.teamsPage.queryKey(input),
    queryFn: async () => {
      const r = await client.dispatch.teamsPage.query(input);
      for (const d of r.days)
        queryClient.setQueryData(trpc.dispatch.day.queryKey({ teamId: d.team.id, date: r.date }), d);
      return r;
    },
  };
}
