import { createCaseInput } from '../../../shared/schemas/cases';
import { roleProcedure, router } from '../../trpc/init';
import { createCase } from './cases.create';

const arrangers = roleProcedure('dispatcher', 'admin');

/** Cases entered by hand (SPEC §8.1); reading them is the worklist's and the case file's (appointments). */
export const casesRouter = router({
  create: arrangers.input(createCaseInput).mutation(({ ctx, input }) => createCase(ctx, input)),
});
