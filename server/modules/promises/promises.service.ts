/**
 * Promise tracking (SPEC §1.5): every promise to pay, one-off or instalment, with its state from the one
 * definition in server/db/sql/promise-state.sql.ts, the counts the KPIs read, and follow-ups for the broken ones.
 */
import { decidedCount, defaultPromiseRange, type PromiseState } from '../../../shared/domain/promises';
import type { PromiseListInput, TeamOnlyInput } from '../../../shared/schemas/oversight';
import { addDays, localDate } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { PromiseScope } from '../../db/sql/promise-state.sql';
import type { AuthedContext } from '../../trpc/context';
import { proposeForBrokenPromise } from '../follow-ups/follow-ups.service';
import { scopedTeamIds } from '../scope';
import { getAccessibleTeam } from '../teams/teams.service';
import { countPromiseStates, findBrokenWithoutProposal, findPromisePage } from './promises.repo';

/**
 * The promises due in a range (by default from 30 days ago to 30 days ahead, in the team's zone or the
 * default zone for all teams): one page, the total and the count in each state (for the chips and the rate).
 */
export async function listPromises(ctx: AuthedContext, input: PromiseListInput) {
  const teamIds = scopedTeamIds(ctx.user, input.teamId);
  const zone = input.teamId ? (await getAccessibleTeam(ctx, input.teamId)).timeZone : ctx.env.TZ_DEFAULT;
  const range = defaultPromiseRange(localDate(ctx.now(), zone));
  const from = input.from ?? range.from;
  const to = input.to ?? range.to;
  const { page, pageSize, state } = input;
  const found = await findPromisePage(ctx.db, { teamIds, dueFrom: from, dueTo: to }, ctx.now(), {
    state,
    page,
    pageSize,
  });
  const total = state ? found.counts[state] : sumOf(found.counts);
  const decided = decidedCount(found.counts);
  const keptRate = decided === 0 ? null : found.counts.kept / decided;
  return { from, to, total, counts: found.counts, decided, keptRate, rows: found.rows };
}

const sumOf = (counts: Record<PromiseState, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The count of promises in each state at the caller's now, for the KPIs of a period and scope. */
export function promiseStateCounts(ctx: AuthedContext, db: DbOrTx, scope: PromiseScope) {
  return countPromiseStates(db, scope, ctx.now());
}

/**
 * Turns every broken promise (its due date passed, not paid in full, the case not paid) into one follow-up
 * proposal for the dispatcher, proposed for the next day in the team's zone; audited. Running it again, or
 * two users running it at once, proposes nothing twice: `proposed` counts what this call added.
 */
export async function proposeFollowUps(ctx: AuthedContext, input: TeamOnlyInput) {
  const teamIds = scopedTeamIds(ctx.user, input.teamId);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    let proposed = 0;
    for (const b of await findBrokenWithoutProposal(tx, teamIds, now)) {
      const id = await proposeForBrokenPromise(tx, {
        teamId: b.teamId,
        caseId: b.caseId,
        promise: b.kind === 'instalment' ? { instalmentId: b.id } : { outcomeId: b.id },
        dueDate: b.dueDate,
        proposedFor: addDays(b.today, 1),
        userId: ctx.user.id,
        at: now,
      });
      if (id) proposed++;
    }
    return { proposed };
  });
}
