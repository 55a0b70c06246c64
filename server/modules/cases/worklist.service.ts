import type { TeamOnlyInput } from '../../../shared/schemas/oversight';
import type { WorklistInput } from '../../../shared/schemas/worklist';
import { withIsoInstants } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { scopedTeamIds } from '../scope';
import { findDistricts, findWorklistPage } from './worklist.repo';

/**
 * The Cases worklist: a page of the caller's teams' cases (or the one team asked for), filtered and sorted on
 * the server, with the total and a count per filter chip. Borrowers appear by name and loan reference only,
 * as the case search always showed them; phones and ID numbers stay in the case file, masked by role.
 */
export async function worklist(ctx: AuthedContext, input: WorklistInput) {
  const teamIds = scopedTeamIds(ctx.user, input.teamId);
  const { rows, counts } = await findWorklistPage(ctx.db, input, teamIds, ctx.now());
  const { total, ...perFilter } = counts;
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    counts: perFilter,
    rows: rows.map(withIsoInstants),
  };
}

/** The districts the worklist's district filter offers for the caller's teams. */
export function worklistDistricts(ctx: AuthedContext, input: TeamOnlyInput) {
  return findDistricts(ctx.db, scopedTeamIds(ctx.user, input.teamId));
}
