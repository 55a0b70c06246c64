import { AppError } from '../../../shared/errors';
import type { IdInput } from '../../../shared/schemas/common';
import type { AuthedContext } from '../../trpc/context';
import { toVisitDetail } from './visits.dto';
import { findTeamTimeZone, findVisitRow, isAgentInCrew, type VisitRow } from './visits.repo';

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
