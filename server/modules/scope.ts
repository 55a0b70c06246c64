import { AppError } from '../../shared/errors';
import type { SessionUser } from '../trpc/context';

/** Team ids the user may see, or null when the user is an admin and sees every team. */
export function visibleTeamIds(user: SessionUser): string[] | null {
  return user.role === 'admin' ? null : user.teamIds;
}

/**
 * Throws NOT_FOUND (naming `entity`: the team, or the case, visit … that belongs to it) unless the user may
 * see the team (SPEC §4: dispatchers and managers their teams only). Not FORBIDDEN: the answer for an id of
 * another team is the answer for an id that does not exist, so it tells nobody which ids exist.
 */
export function assertTeamAccess(user: SessionUser, teamId: string, entity = 'team'): void {
  if (user.role !== 'admin' && !user.teamIds.includes(teamId)) throw new AppError('NOT_FOUND', { entity });
}

/** The teams a list is for: the one asked for (checked as above), else every team the user sees (null: all). */
export function scopedTeamIds(user: SessionUser, teamId: string | undefined): string[] | null {
  if (!teamId) return visibleTeamIds(user);
  assertTeamAccess(user, teamId);
  return [teamId];
}
