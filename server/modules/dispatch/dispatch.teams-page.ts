import { pageOfTeams } from '../../../shared/domain/team-pages';
import type { TeamsPageInput } from '../../../shared/schemas/dispatch';
import { localDate } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { livePosition } from '../live/live.service';
import { listVisibleTeams } from '../teams/teams.service';
import { getBoard } from './dispatch.board';

/**
 * "All my teams" on a day, page `page`: every team the caller sees (exactly `teams.list`) and the boards of that
 * page's teams. The page is cut by the same `pageOfTeams` the screen uses, so the boards are the ones it shows.
 * One read instead of two round trips in series (the list, then a board per team): the admin's all-teams day left
 * its boards' requests only after the list answered (session 22: data in at 2.1 s of a 3.4 s load).
 */
export async function teamsPage(ctx: AuthedContext, input: TeamsPageInput) {
  const liveFrom = await livePosition(ctx);
  const teams = await listVisibleTeams(ctx);
  const shown = pageOfTeams(
    teams.map((t) => t.id),
    input.page,
  );
  const date = input.date ?? boardToday(ctx, teams);
  const days = await Promise.all(shown.ids.map((teamId) => getBoard(ctx, { teamId, date }, liveFrom)));
  return { teams, page: shown.page, date, days };
}

/**
 * Today on a board of many teams without a date: today where the first of the caller's teams works, by the
 * server's clock. The one place that rule lives: the day (`teamsPage`) and the week (`teamDays`) both answer the
 * date they took, and the page shows it, so a browser whose clock is off never shows another day.
 */
export function boardToday(ctx: AuthedContext, visibleTeams: ReadonlyArray<{ timeZone: string }>): string {
  return localDate(ctx.now(), visibleTeams[0]?.timeZone ?? ctx.env.TZ_DEFAULT);
}
