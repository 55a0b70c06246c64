import type { RecentOutcomesInput } from '../../../shared/schemas/outcomes';
import { withIsoInstants } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { scopedTeamIds } from '../scope';
import { findRecentOutcomes } from './outcomes.repo';

/** Recent outcomes in the caller's teams (or one of them). */
export async function listRecentOutcomes(ctx: AuthedContext, input: RecentOutcomesInput) {
  const rows = await findRecentOutcomes(ctx.db, scopedTeamIds(ctx.user, input.teamId), input.limit);
  return rows.map(withIsoInstants);
}
