import { createTokenInput, revokeTokenInput } from '../../../shared/schemas/tokens';
import { roleProcedure, router } from '../../trpc/init';
import { createToken, listServiceTokens, revokeToken } from './tokens.service';

const admin = roleProcedure('admin');

/** Service tokens for the machine API: admins only. */
export const tokensRouter = router({
  list: admin.query(({ ctx }) => listServiceTokens(ctx)),
  create: admin.input(createTokenInput).mutation(({ ctx, input }) => createToken(ctx, input)),
  revoke: admin.input(revokeTokenInput).mutation(({ ctx, input }) => revokeToken(ctx, input)),
});
