import { AppError } from '../../../shared/errors';
import type { LoginInput } from '../../../shared/schemas/auth';
import type { AuthedContext, Context } from '../../trpc/context';
import { appendAudit } from '../audit/audit.repo';
import { deleteExpiredSessions, deleteSession, findUserForLogin, insertSession, loadScope } from './auth.repo';
import { verifyPassword } from './password';
import { FailureLimiter } from './rate-limit';
import { hashSessionToken, newSessionToken, SESSION_COOKIE } from './session-token';

const WINDOW_MS = 15 * 60_000;
// Per account+address and per address: slows guessing without locking a whole office out.
const perAccount = new FailureLimiter(5, WINDOW_MS);
const perAddress = new FailureLimiter(30, WINDOW_MS);

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
  const now = ctx.now().getTime();
  const accountKey = `${ctx.ip}|${input.username.toLowerCase()}`;
  const wait = Math.max(perAccount.retryAfterMs(accountKey, now), perAddress.retryAfterMs(ctx.ip, now));
  if (wait > 0) throw new AppError('LOGIN_RATE_LIMITED', { minutes: Math.ceil(wait / 60_000) });

  const user = await findUserForLogin(ctx.db, input.username);
  const ok = user?.active === true && (await verifyPassword(user.passwordHash, input.password));
  if (!user || !ok) {
    perAccount.fail(accountKey, now);
    perAddress.fail(ctx.ip, now);
    throw new AppError('INVALID_CREDENTIALS');
  }
  perAccount.reset(accountKey);

  const token = newSessionToken();
  const tokenHash = hashSessionToken(token, ctx.sessionSecret);
  const ttlSeconds = Math.round(ctx.env.SESSION_TTL_HOURS * 3600);
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
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
