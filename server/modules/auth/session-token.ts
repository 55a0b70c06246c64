import { createHmac, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'doorstep_session';
/** The NOTIFY channel on which a change to a user's sessions is announced to every app process (session-cache.ts). */
export const SESSIONS_CHANNEL = 'doorstep_sessions';

/** A new random session token for the cookie (never stored as such). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the sessions table stores: an HMAC of the token under the server's session secret. */
export function hashSessionToken(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}
