import { liveBoardInput, liveInput } from '../../../shared/schemas/dispatch';
import { roleProcedure, router } from '../../trpc/init';
import { watchBoard, watchTeam } from './live.service';

const staff = roleProcedure('dispatcher', 'manager', 'admin');

export const liveRouter = router({
  /** Server-sent events: every committed change on the team's board (SSE via httpSubscriptionLink). */
  team: staff.input(liveInput).subscription(({ ctx, input, signal }) => watchTeam(ctx, input, signal)),
  /** One stream for a board of many teams, filtered by what the caller sees, resumable by event id. */
  board: staff.input(liveBoardInput).subscription(({ ctx, input, signal }) => watchBoard(ctx, input, signal)),
});
