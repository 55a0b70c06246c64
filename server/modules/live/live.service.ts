import type { LiveInput } from '../../../shared/schemas/dispatch';
import type { AuthedContext } from '../../trpc/context';
import { assertTeamAccess } from '../scope';
import { teamEvents } from './live.bus';

/** The caller's team's live events; the team check runs before the stream opens. */
export function watchTeam(ctx: AuthedContext, input: LiveInput, signal: AbortSignal | undefined) {
  assertTeamAccess(ctx.user, input.teamId);
  return teamEvents(ctx, input.teamId, signal);
}
