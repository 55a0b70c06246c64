import type { DbHandle } from '../../../server/db/client';
import type { Env } from '../../../server/env';
import { hashSessionToken, SESSION_COOKIE } from '../../../server/modules/auth/session-token';
import { createCaller } from '../../../server/trpc/root';
import { DEMO_PASSWORD } from '../../../shared/demo';
import { makeContext } from './db';
import { sessionUserFor } from './demo';

/**
 * A context as the HTTP layer builds it after a real sign-in: its session is a row in the database, so code that
 * re-reads the session later (a long-open live stream) finds it — and stops finding it after a sign-out.
 * makeContext's session is a placeholder no row backs. `env` overrides configuration (LIVE_RECHECK_MS).
 */
export async function signedIn(
  handle: DbHandle,
  username: string,
  opts: { password?: string; env?: Partial<Env> } = {},
) {
  const anonymous = makeContext(handle, null);
  await createCaller(anonymous).auth.login({ username, password: opts.password ?? DEMO_PASSWORD });
  const token = anonymous.cookieLog.find(([name, value]) => name === SESSION_COOKIE && value)?.[1];
  if (!token) throw new Error(`signing in as ${username} set no session cookie`);
  const base = makeContext(handle, await sessionUserFor(handle, username));
  return {
    ...base,
    env: { ...base.env, ...opts.env },
    user: {
      ...(base.user as NonNullable<typeof base.user>),
      sessionTokenHash: hashSessionToken(token, base.sessionSecret),
    },
  };
}
