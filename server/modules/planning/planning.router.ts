import { BOARD_EDITORS } from '../../../shared/domain/permissions';
import { planApplyInput, planRunInput, planStartInput } from '../../../shared/schemas/dispatch';
import { roleProcedure, router } from '../../trpc/init';
import { applyPlan } from './planning.apply';
import { cancelPlan, planStatus, startPlan } from './planning.service';

const planners = roleProcedure(...BOARD_EDITORS);

export const planningRouter = router({
  start: planners.input(planStartInput).mutation(({ ctx, input }) => startPlan(ctx, input)),
  status: planners.input(planRunInput).query(({ ctx, input }) => planStatus(ctx, input)),
  cancel: planners.input(planRunInput).mutation(({ ctx, input }) => cancelPlan(ctx, input)),
  // "apply" is reserved by tRPC routers.
  commit: planners.input(planApplyInput).mutation(({ ctx, input }) => applyPlan(ctx, input)),
});
