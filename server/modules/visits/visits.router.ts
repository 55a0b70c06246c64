import { dayInput, idInput } from '../../../shared/schemas/common';
import { authedProcedure, roleProcedure, router } from '../../trpc/init';
import { getMyRoute, getVisit } from './visits.service';

export const visitsRouter = router({
  get: authedProcedure.input(idInput).query(({ ctx, input }) => getVisit(ctx, input)),
});

export const myRouteRouter = router({
  today: roleProcedure('agent')
    .input(dayInput)
    .query(({ ctx, input }) => getMyRoute(ctx, input)),
});
