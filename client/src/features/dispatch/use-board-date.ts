import { localDate } from '@shared/time';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { askedPage, teamsPageQuery } from './prefetch';

/** The week of several teams, counted per team and day; without `from`, from the server's today (see below). */
export function useTeamWeek(teamIds: string[], from: string | undefined, enabled = true) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.dispatch.teamDays.queryOptions({ teamIds, from, days: 7 }),
    enabled: enabled && teamIds.length > 0,
  });
}

/**
 * The day the dispatch page shows: the address's `date`; else, for "All my teams" (day or week), the date the
 * server's read answered — today where the first team works, by the server's clock (`dispatch.teamsPage` for the
 * day, `dispatch.teamDays` for the week): a browser whose clock is off would otherwise show (and ask for) another
 * day. One team's board without a date takes today from the browser, in the team's zone. '' until the server's
 * read answers: no board is asked for a day not yet known; if that read fails, the browser's today.
 */
export function useBoardDate({
  params,
  allTeams,
  week,
  teamIds,
  zone,
}: {
  params: URLSearchParams;
  allTeams: boolean;
  week: boolean;
  teamIds: string[];
  zone: string;
}): string {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const asked = params.get('date');
  const dayFromServer = allTeams && !asked && !params.get('view');
  const weekFromServer = allTeams && !asked && week;
  const day = useQuery({
    ...teamsPageQuery(client, trpc, queryClient, { page: askedPage(params) }),
    enabled: dayFromServer,
  });
  // The same query as the week overview's: one request for both.
  const days = useTeamWeek(teamIds, undefined, weekFromServer);
  if (asked) return asked;
  const fromServer = dayFromServer ? day : weekFromServer ? days : null;
  if (fromServer && !fromServer.isError) {
    const data = fromServer.data;
    return (data && ('date' in data ? data.date : data.from)) ?? '';
  }
  return localDate(new Date(), zone);
}
