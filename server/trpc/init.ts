import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { Role } from '../../shared/domain/constants';
import { ROLES } from '../../shared/domain/constants';
import { observeProcedure } from '../ops/metrics';
import type { Context } from './context';
import { convertAppErrors, errorFormatter } from './error-conversion';

/** Every procedure records its access decision here; the role × procedure test reads it. */
export interface Meta {
  access: 'public' | readonly Role[];
}

const t = initTRPC.context<Context>().meta<Meta>().create({ errorFormatter });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Outermost, so each call of a batch is timed once with the status its caller gets (domain errors converted).
const timed = t.middleware(async ({ path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const status = result.ok ? 200 : getHTTPStatusCodeFromError(result.error);
  observeProcedure(path, type, status, (performance.now() - started) / 1000);
  return result;
});

const base = t.procedure.use(timed).use(convertAppErrors);

/** Anyone, signed in or not. Use sparingly: login, current session, health of the public config. */
export const publicProcedure = base.meta({ access: 'public' });

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'UNAUTHENTICATED' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

// A password an admin chose (new account, reset) opens nothing but its own replacement and signing out. The
// file routes outside tRPC hold to the same (security/signed-in.ts).
const requireOwnPassword = t.middleware(({ ctx, next }) => {
  if (ctx.user?.mustChangePassword) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'PASSWORD_CHANGE_REQUIRED' });
  }
  return next();
});

/** Any signed-in user, even one who must still replace an admin-set password: signing out, changing it. */
export const sessionProcedure = base.meta({ access: ROLES }).use(requireUser);

/** Any signed-in user, whatever the role. */
export const authedProcedure = sessionProcedure.use(requireOwnPassword);

/** Signed-in users of the listed roles only; everyone else gets FORBIDDEN before the input is read. */
export function roleProcedure(...roles: Role[]) {
  return base
    .meta({ access: roles })
    .use(requireUser)
    .use(({ ctx, next }) => {
      if (!roles.includes(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message: 'FORBIDDEN' });
      return next();
    })
    .use(requireOwnPassword);
}
