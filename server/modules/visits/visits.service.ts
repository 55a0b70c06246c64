import { AppError } from '../../../shared/errors';
import type { DayInput, IdInput } from '../../../shared/schemas/common';
import { localDate } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { getAccessibleTeam } from '../teams/teams.service';
import { toVisitDetail, toVisitListItem } from './visits.dto';
import {
  findTeamDayCrews,
  findTeamDayVisits,
  findTeamTimeZone,
  findVisitRow,
  isAgentInCrew,
  type VisitRow,
} from './visits.repo';

/** Whether the caller may open this visit: agents only their crews' visits, others their teams'. */
async function canSee(ctx: AuthedContext, row: VisitRow): Promise<boolean> {
  const { user } = ctx;
  if (user.role === 'admin') return true;
  if (user.role === 'agent') {
    return Boolean(user.agentId && row.crewId && (await isAgentInCrew(ctx.db, user.agentId, row.crewId)));
  }
  return user.teamIds.includes(row.teamId);
}

/** One visit, scoped; out-of-scope visits answer NOT_FOUND so their existence does not leak. */
export async function getVisit(ctx: AuthedContext, input: IdInput) {
  const row = await findVisitRow(ctx.db, input.id);
  if (!row || !(await canSee(ctx, row))) throw new AppError('NOT_FOUND', { entity: 'visit' });
  const tz = (await findTeamTimeZone(ctx.db, row.teamId)) ?? ctx.env.TZ_DEFAULT;
  return toVisitDetail(row, ctx.user.role, tz);
}

/** A team's day for the dispatch board: crews with shifts, every visit, and counts. */
export async function getDispatchDay(ctx: AuthedContext, input: DayInput & { teamId: string }) {
  const team = await getAccessibleTeam(ctx, input.teamId);
  const date = input.date ?? localDate(ctx.now(), team.timeZone);
  const [crewList, rows] = await Promise.all([
    findTeamDayCrews(ctx.db, team.id, date),
    findTeamDayVisits(ctx.db, team.id, date),
  ]);
  const visitList = rows.map((r) => toVisitListItem(r, ctx.user.role));
  const count = (pred: (v: (typeof visitList)[number]) => boolean) => visitList.filter(pred).length;
  return {
    team: { id: team.id, name: team.name, timeZone: team.timeZone },
    date,
    crews: crewList.map((c) => ({
      ...c,
      shiftStart: c.shiftStart?.toISOString() ?? null,
      shiftEnd: c.shiftEnd?.toISOString() ?? null,
    })),
    visits: visitList,
    summary: {
      total: visitList.length,
      unassigned: count((v) => v.status === 'unassigned'),
      assigned: count((v) => v.crewId !== null && v.status !== 'cancelled'),
      completed: count((v) => v.status === 'completed'),
    },
  };
}
