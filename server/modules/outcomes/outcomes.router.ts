import { recentOutcomesInput } from '../../../shared/schemas/outcomes';
import { roleProcedure, router } from '../../trpc/init';
import { listRecentOutcomes } from './outcomes.service';

export const outcomesRouter = router({
  recent: roleProcedure('manager', 'dispatcher', 'admin')
    .input(recentOutcomesInput)
    .query(({ ctx, input }) => listRecentOutcomes(ctx, input)),
});
