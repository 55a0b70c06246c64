import { loginInput } from '../../../shared/schemas/auth';
import { authedProcedure, publicProcedure, router } from '../../trpc/init';
import { login, logout, toMe } from './auth.service';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(({ ctx, input }) => login(ctx, input)),
  logout: authedProcedure.mutation(({ ctx }) => logout(ctx)),
  me: publicProcedure.query(({ ctx }) => (ctx.user ? toMe(ctx.user) : null)),
});
