import { roleProcedure, router } from '../../trpc/init';
import { verifyChains } from './audit-verify.service';

export const auditRouter = router({
  verify: roleProcedure('manager', 'admin').query(({ ctx }) => verifyChains(ctx)),
});
