import { UNDER_WAY } from '../../../shared/domain/visit-lifecycle';
import type { TeamDaysInput } from '../../../shared/schemas/dispatch';
import { addDays } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { livePosition } from '../live/live.service';
import { assertTeamAccess } from '../scope';
import { listVisibleTeams } from '../teams/teams.service';
import { boardToday } from './dispatch.teams-page';
import { crewCountsByTeamDay, visitCountsByTeamDay } from './team-days.repo';

/** One team's day as the week overview shows it: how many visits stand where, and how many crews work. */
export interface TeamDay {
  teamId: string;
  date: string;
  /** The day's work: every visit but the cancelled ones (as the board's summary counts it). */
  total: number;
  unassigned: number;
  assigned: number;
  underWay: number;
  completed: number;
  missed: number;
  cancelled: number;
  crews: number;
}

const underWay = new Set<string>(UNDER_WAY);

/**
 * The days of several teams counted in SQL, for the week of "All my teams": a week of five teams as full boards
 * was 35 board reads and a calendar of ~2,000 visits; counted, it is two grouped queries and a table a
 * dispatcher reads at a glance, each team's full week opened on demand. Every team is checked first.
 */
export async function teamDays(
  ctx: AuthedContext,
  input: TeamDaysInput,
): Promise<{ from: string; days: TeamDay[]; liveFrom: string }> {
  for (const teamId of input.teamIds) assertTeamAccess(ctx.user, teamId);
  // Before the counts: the page's stream starts from it (live.service.ts `livePosition`).
  const liveFrom = await livePosition(ctx);
  // No date: the week from today as the day board of "All my teams" takes it (the answer says which).
  const from = input.from ?? boardToday(ctx, await listVisibleTeams(ctx));
  const dates = Array.from({ length: input.days }, (_, i) => addDays(from, i));
  const to = dates.at(-1) as string;
  const [visitCounts, crewCounts] = await Promise.all([
    visitCountsByTeamDay(ctx.db, input.teamIds, from, to),
    crewCountsByTeamDay(ctx.db, input.teamIds, from, to),
  ]);
  const key = (teamId: string, date: string) => `${teamId}|${date}`;
  const byKey = new Map<string, TeamDay>();
  for (const teamId of input.teamIds) {
    for (const date of dates) {
      byKey.set(key(teamId, date), {
        teamId,
        date,
        total: 0,
        unassigned: 0,
        assigned: 0,
        underWay: 0,
        completed: 0,
        missed: 0,
        cancelled: 0,
        crews: 0,
      });
    }
  }
  for (const r of visitCounts) {
    const day = byKey.get(key(r.teamId, r.date));
    if (!day) continue;
    if (r.status !== 'cancelled') day.total += r.n;
    if (underWay.has(r.status)) day.underWay += r.n;
    else day[r.status as Exclude<typeof r.status, (typeof UNDER_WAY)[number]>] += r.n;
  }
  for (const r of crewCounts) {
    const day = byKey.get(key(r.teamId, r.date));
    if (day) day.crews = r.n;
  }
  return { from, days: [...byKey.values()], liveFrom };
}
