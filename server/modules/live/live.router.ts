import { liveInput } from '../../../shared/schemas/dispatch';
import { roleProcedure, router } from '../../trpc/init';
import { watchTeam } from './live.service';

export const liveRouter = router({
  /** Server-sent events: every committed change on the team's board (SSE via httpSubscriptionLink). */
  team: roleProcedure('dispatcher', 'manager', 'admin')
    .input(liveInput)
    .subscription(({ ctx, input, signal }) => watchTeam(ctx, input, signal)),
});
