import { AppError } from '../../../shared/errors';
import type { ChangePasswordInput, LoginInput } from '../../../shared/schemas/auth';
import type { Db, DbOrTx } from '../../db/client';
import type { AuthedContext, Context, SessionUser } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { attemptsSucceeded, reserveAttempts } from '../rate-limit/rate-limit.service';
import {
  deleteExpiredSessions,
  deleteOtherSessions,
  deleteSession,
  deleteSessionsOfUser,
  findActiveUserWithScope,
  findUserBySession,
  findUserForLogin,
  insertSession,
  loadScope,
  lockActiveUser,
  updatePassword,
} from './auth.repo';
import { hashPassword, passwordSignsIn } from './password';
import { sessionsChanged } from './session-cache';
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
  /** The password was set by an admin: the app shows nothing but "choose your own" until it is changed. */
  mustChangePassword: boolean;
}

export function toMe(user: AuthedContext['user']): MeDto {
  const { sessionTokenHash: _omit, mustChangePassword, ...me } = user;
  return { ...me, mustChangePassword: mustChangePassword ?? false };
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
    mustChangePassword: user.mustChangePassword,
  };
}

/**
 * The signed-in user replaces their password (the first thing they must do after an admin set it). Wrong
 * current passwords count against the sign-in limit, so a session left open cannot be used to guess it; the
 * user's other sessions end, this one stays. The password checked is the one replaced: when another session
 * (or an admin's reset) changed it meanwhile, this change is refused as a wrong current password, so two at
 * once leave one winner still signed in rather than two "done" answers that sign each other out.
 */
export async function changePassword(ctx: AuthedContext, input: ChangePasswordInput): Promise<MeDto> {
  const attempts = await reserveAttempts(ctx.db, ctx.now(), [
    ['signInAccount', `${ctx.ip}|${ctx.user.username.toLowerCase()}`],
  ]);
  const account = await findUserForLogin(ctx.db, ctx.user.username);
  if (!(await passwordSignsIn(account, input.currentPassword)) || !account) {
    throw new AppError('CURRENT_PASSWORD_WRONG', {}, { currentPassword: 'CURRENT_PASSWORD_WRONG' });
  }
  await attemptsSucceeded(ctx.db, attempts);
  if (input.newPassword === input.currentPassword) {
    throw new AppError('PASSWORD_UNCHANGED', {}, { newPassword: 'PASSWORD_UNCHANGED' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    const replaced = await updatePassword(tx, ctx.user.id, passwordHash, false, account.passwordHash);
    if (!replaced) throw new AppError('CURRENT_PASSWORD_WRONG', {}, { currentPassword: 'CURRENT_PASSWORD_WRONG' });
    const sessionsEnded = await deleteOtherSessions(tx, ctx.user.id, ctx.user.sessionTokenHash);
    await sessionsChanged(tx, ctx.user.id);
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      action: 'user.passwordChange',
      entityType: 'user',
      entityId: ctx.user.id,
      after: { sessionsEnded },
      at: ctx.now(),
    });
  });
  return { ...toMe(ctx.user), mustChangePassword: false };
}

/**
 * Sets a password an admin chose, in the caller's transaction: the user must replace it at their next
 * sign-in, and every session they have ends now. Returns how many sessions ended.
 */
export async function assignTemporaryPassword(tx: DbOrTx, userId: string, password: string): Promise<number> {
  await updatePassword(tx, userId, await hashPassword(password), true);
  await sessionsChanged(tx, userId);
  return deleteSessionsOfUser(tx, userId);
}

/** Ends the current session and clears the cookie. */
export async function logout(ctx: AuthedContext): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    await deleteSession(tx, ctx.user.sessionTokenHash);
    await sessionsChanged(tx, ctx.user.id);
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

/**
 * Who a session belongs to now, with the teams they see now; null once it no longer signs anyone in (signed out,
 * expired, user deactivated, password reset by an admin). A long-open live stream re-checks its session with it.
 */
export function sessionUserNow(db: Db, tokenHash: string, now: Date) {
  return findUserBySession(db, tokenHash, now);
}

/**
 * The user a session of `userId` would resolve to, with no session behind it (sessionTokenHash empty): the pool's
 * warm-up (ops/warmup.ts) calls the procedures as them. Null for an inactive user or one who must change their
 * password (their session opens no procedure a warm-up runs).
 */
export async function sessionUserWithoutSession(db: DbOrTx, userId: string): Promise<SessionUser | null> {
  const user = await findActiveUserWithScope(db, userId);
  if (!user) return null;
  const { active: _active, mustChangePassword: _must, ...rest } = user;
  return { ...rest, sessionTokenHash: '' };
}

/** Signs a user out everywhere, in the caller's transaction (a deactivation); returns how many sessions ended. */
export async function endSessionsOf(tx: DbOrTx, userId: string): Promise<number> {
  await sessionsChanged(tx, userId);
  return deleteSessionsOfUser(tx, userId);
}

/**
 * What a user may see changed (an agent record linked to or from their sign-in), in the caller's transaction:
 * every app process reads their session again (session-cache.ts).
 */
export function userScopeChanged(tx: DbOrTx, userId: string): Promise<void> {
  return sessionsChanged(tx, userId);
}
