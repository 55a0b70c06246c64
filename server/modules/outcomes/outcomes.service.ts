import type { RecentOutcomesInput } from '../../../shared/schemas/outcomes';
import type { AuthedContext } from '../../trpc/context';
import { assertTeamAccess, visibleTeamIds } from '../scope';
import { findRecentOutcomes } from './outcomes.repo';

/** Recent outcomes in the caller's teams (or one of them). */
export async function listRecentOutcomes(ctx: AuthedContext, input: RecentOutcomesInput) {
  let teamIds = visibleTeamIds(ctx.user);
  if (input.teamId) {
    assertTeamAccess(ctx.user, input.teamId);
    teamIds = [input.teamId];
  }
  const rows = await findRecentOutcomes(ctx.db, teamIds, input.limit);
  return rows.map((r) => ({ ...r, recordedAt: r.recordedAt.toISOString() }));
}
