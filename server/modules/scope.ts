import { AppError } from '../../shared/errors';
import type { SessionUser } from '../trpc/context';

/** Team ids the user may see, or null when the user is an admin and sees every team. */
export function visibleTeamIds(user: SessionUser): string[] | null {
  return user.role === 'admin' ? null : user.teamIds;
}

/** Throws TEAM_FORBIDDEN unless the user may see the team (SPEC §4: dispatchers and managers their teams only). */
export function assertTeamAccess(user: SessionUser, teamId: string): void {
  if (user.role !== 'admin' && !user.teamIds.includes(teamId)) throw new AppError('TEAM_FORBIDDEN', { teamId });
}
