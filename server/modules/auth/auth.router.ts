import { changePasswordInput, loginInput } from '../../../shared/schemas/auth';
import { publicProcedure, router, sessionProcedure } from '../../trpc/init';
import { changePassword, login, logout, toMe } from './auth.service';

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(({ ctx, input }) => login(ctx, input)),
  logout: sessionProcedure.mutation(({ ctx }) => logout(ctx)),
  changePassword: sessionProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx, input)),
  me: publicProcedure.query(({ ctx }) => (ctx.user ? toMe(ctx.user) : null)),
});
