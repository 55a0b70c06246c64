import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import type { AuthedContext, Context } from '../trpc/context';

/**
 * The signed-in user of a plain HTTP route outside tRPC (evidence files, the agent's photo), held to what
 * authedProcedure holds a procedure to (trpc/init.ts): a session, and no admin-chosen password still to be
 * replaced. Nor does a request another site started act for the user: the session cookie is SameSite=Lax, so a
 * link from elsewhere carries it, and browsers say where a request came from.
 */
export function signedIn(ctx: Context, req: FastifyRequest): AuthedContext {
  if (!ctx.user) throw new AppError('UNAUTHENTICATED');
  if (ctx.user.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED');
  if (req.headers['sec-fetch-site'] === 'cross-site') throw new AppError('FORBIDDEN');
  return { ...ctx, user: ctx.user };
}
