import { AppError } from '../../../shared/errors';
import type { LoginInput } from '../../../shared/schemas/auth';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext, Context } from '../../trpc/context';
import { appendAudit } from '../audit/audit.repo';
import { attemptsSucceeded, reserveAttempts } from '../rate-limit/rate-limit.service';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findUserForLogin,
  insertSession,
  loadScope,
  lockActiveUser,
} from './auth.repo';
import { passwordSignsIn } from './password';
import { hashSessionToken, newSessionToken, SESSION_COOKIE } from './session-token';

/** The signed-in user as the client sees it. */
export interface MeDto {
  id: string;
  username: string;
  displayName: string;
  role: AuthedContext['user']['role'];
  locale: string | null;
  teamIds: string[];
  agentId: string | null;
}

export function toMe(user: AuthedContext['user']): MeDto {
  const { sessionTokenHash: _omit, ...me } = user;
  return me;
}

/** Checks the password, opens a session (cookie) and records the sign-in; rate-limited per account and address. */
export async function login(ctx: Context, input: LoginInput): Promise<MeDto> {
  const attempts = await reserveAttempts(ctx.db, ctx.now(), [
    // The address first: a burst of usernames from one address then writes no counter per username.
    ['signInAddress', ctx.ip],
    ['signInAccount', `${ctx.ip}|${input.username.toLowerCase()}`],
  ]);
  const user = await findUserForLogin(ctx.db, input.username);
  const signsIn = await passwordSignsIn(user, input.password);
  if (!user || !signsIn) throw new AppError('INVALID_CREDENTIALS');

  const token = newSessionToken();
  const tokenHash = hashSessionToken(token, ctx.sessionSecret);
  const ttlSeconds = Math.round(ctx.env.SESSION_TTL_HOURS * 3600);
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    // The password was checked against a read taken before; a deactivation since then refuses the sign-in, and
    // one that comes now waits for this session to commit and then ends it.
    if (!(await lockActiveUser(tx, user.id))) throw new AppError('INVALID_CREDENTIALS');
    await deleteExpiredSessions(tx, at);
    await insertSession(tx, {
      tokenHash,
      userId: user.id,
      expiresAt: new Date(at.getTime() + ttlSeconds * 1000),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await appendAudit(tx, {
      actorUserId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      after: { ip: ctx.ip, userAgent: ctx.userAgent },
      at,
    });
  });
  await attemptsSucceeded(ctx.db, attempts);
  ctx.cookies.set(SESSION_COOKIE, token, ttlSeconds);
  const scope = await loadScope(ctx.db, user.id);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    locale: user.locale,
    ...scope,
  };
}

/** Ends the current session and clears the cookie. */
export async function logout(ctx: AuthedContext): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    await deleteSession(tx, ctx.user.sessionTokenHash);
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      action: 'auth.logout',
      entityType: 'user',
      entityId: ctx.user.id,
      at: ctx.now(),
    });
  });
  ctx.cookies.clear(SESSION_COOKIE);
  return { ok: true };
}

/** Signs a user out everywhere, in the caller's transaction (a deactivation); returns how many sessions ended. */
export function endSessionsOf(tx: DbOrTx, userId: string): Promise<number> {
  return deleteSessionsOfUser(tx, userId);
}
