import { acknowledgeInput, complianceListInput } from '../../../shared/schemas/oversight';
import { roleProcedure, router } from '../../trpc/init';
import { acknowledge, listExceptions } from './compliance.service';

export const complianceRouter = router({
  exceptions: roleProcedure('manager', 'admin')
    .input(complianceListInput)
    .query(({ ctx, input }) => listExceptions(ctx, input)),
  acknowledge: roleProcedure('manager', 'admin')
    .input(acknowledgeInput)
    .mutation(({ ctx, input }) => acknowledge(ctx, input)),
});
