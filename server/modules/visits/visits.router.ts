import { idInput } from '../../../shared/schemas/common';
import { authedProcedure, router } from '../../trpc/init';
import { getVisit } from './visits.service';

export const visitsRouter = router({
  get: authedProcedure.input(idInput).query(({ ctx, input }) => getVisit(ctx, input)),
});
