import type { TeamPolicy } from '../../../shared/domain/policy-defaults';
import { AppError } from '../../../shared/errors';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { policyInEffect } from '../policy/policy.service';
import { assertTeamAccess, visibleTeamIds } from '../scope';
import {
  findComplaintChannel,
  findTeam,
  findTeamWithPolicy,
  listTeams,
  type TeamDto,
  updateComplaintChannel,
} from './teams.repo';

/** Where a borrower complains about a team's visits: a phone number, a web address, or both. */
export interface ComplaintChannel {
  phone: string | null;
  url: string | null;
}

/**
 * The team's complaint channel, which every page a borrower sees must name (SPEC §1: the right to complain
 * through an official channel). Without one nothing borrower-facing goes out: `borrower` pages are refused
 * with a message for the borrower, `staff` about to send a link or show a badge are told to have it set.
 */
export async function complaintChannelOf(
  db: DbOrTx,
  teamId: string,
  asker: 'borrower' | 'staff',
): Promise<ComplaintChannel> {
  const team = await findComplaintChannel(db, teamId);
  if (!team) throw new AppError('NOT_FOUND', { entity: 'team' });
  if (!team.phone && !team.url) {
    throw asker === 'borrower'
      ? new AppError('COMPLAINT_CHANNEL_MISSING')
      : new AppError('TEAM_COMPLAINT_CHANNEL_MISSING', { team: team.name });
  }
  return { phone: team.phone, url: team.url };
}

/** Sets a team's complaint channel (the caller audits): at least a phone number or a web address. */
export async function setComplaintChannel(db: DbOrTx, teamId: string, channel: ComplaintChannel): Promise<void> {
  if (!channel.phone && !channel.url) {
    throw new AppError(
      'COMPLAINT_CHANNEL_REQUIRED',
      {},
      { phone: 'COMPLAINT_CHANNEL_REQUIRED', url: 'COMPLAINT_CHANNEL_REQUIRED' },
    );
  }
  if (!(await updateComplaintChannel(db, teamId, channel))) throw new AppError('NOT_FOUND', { entity: 'team' });
}

/** The teams the caller may see (all for admins), with their time zone. */
export function listVisibleTeams(ctx: AuthedContext): Promise<TeamDto[]> {
  return listTeams(ctx.db, visibleTeamIds(ctx.user));
}

/**
 * A team the caller may see (or NOT_FOUND, as getAccessibleTeam), the day asked for (today at `now` in the team's
 * zone when none) and the team's policy in effect that day: one statement where the team and then its policy took
 * two. A team the caller may not see throws at once, before anything is read, so a caller may start its other reads
 * of the team-day right after this call (dispatch.board.ts).
 */
export function getAccessibleTeamDay(
  ctx: AuthedContext,
  teamId: string,
  date: string | undefined,
  now: Date = ctx.now(),
): Promise<{ team: TeamDto; date: string; policy: TeamPolicy }> {
  assertTeamAccess(ctx.user, teamId);
  return findTeamWithPolicy(ctx.db, teamId, { date: date ?? null, now }).then((row) => {
    if (!row) throw new AppError('NOT_FOUND', { entity: 'team' });
    const { policy, date: day, ...team } = row;
    return { team, date: day, policy: policyInEffect(policy, team.timeZone) };
  });
}

/** A team the caller may see, or NOT_FOUND (also for a team they may not see). */
export async function getAccessibleTeam(ctx: AuthedContext, teamId: string): Promise<TeamDto> {
  assertTeamAccess(ctx.user, teamId);
  const team = await findTeam(ctx.db, teamId);
  if (!team) throw new AppError('NOT_FOUND', { entity: 'team' });
  return team;
}
