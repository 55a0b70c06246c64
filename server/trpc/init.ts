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

/**
 * Signed in (else UNAUTHORIZED), of one of `roles` when given (else FORBIDDEN, before the input is read), and — with
 * `ownPassword` — not held to replacing an admin-set password (PASSWORD_CHANGE_REQUIRED: that opens nothing but its
 * own replacement and signing out; the file routes outside tRPC hold to the same, security/signed-in.ts). One
 * middleware, not one per check: each level of tRPC's chain copies the call's options and context (session 33).
 */
function gate(roles: readonly Role[] | null, ownPassword: boolean) {
  return t.middleware(({ ctx, next }) => {
    const { user } = ctx;
    if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'UNAUTHENTICATED' });
    if (roles && !roles.includes(user.role)) throw new TRPCError({ code: 'FORBIDDEN', message: 'FORBIDDEN' });
    if (ownPassword && user.mustChangePassword) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'PASSWORD_CHANGE_REQUIRED' });
    }
    return next({ ctx: { user } });
  });
}

/** Any signed-in user, even one who must still replace an admin-set password: signing out, changing it. */
export const sessionProcedure = base.meta({ access: ROLES }).use(gate(null, false));

/** Any signed-in user, whatever the role. */
export const authedProcedure = base.meta({ access: ROLES }).use(gate(null, true));

/** Signed-in users of the listed roles only; everyone else gets FORBIDDEN before the input is read. */
export function roleProcedure(...roles: Role[]) {
  return base.meta({ access: roles }).use(gate(roles, true));
}
