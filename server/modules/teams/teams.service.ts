import { AppError } from '../../../shared/errors';
import type { AuthedContext } from '../../trpc/context';
import { assertTeamAccess, visibleTeamIds } from '../scope';
import { findTeam, listTeams, type TeamDto } from './teams.repo';

/** The teams the caller may see (all for admins), with their time zone. */
export function listVisibleTeams(ctx: AuthedContext): Promise<TeamDto[]> {
  return listTeams(ctx.db, visibleTeamIds(ctx.user));
}

/** A team the caller may see, or NOT_FOUND (also for a team they may not see). */
export async function getAccessibleTeam(ctx: AuthedContext, teamId: string): Promise<TeamDto> {
  assertTeamAccess(ctx.user, teamId);
  const team = await findTeam(ctx.db, teamId);
  if (!team) throw new AppError('NOT_FOUND', { entity: 'team' });
  return team;
}
