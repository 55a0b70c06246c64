import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { agents, sessions, users, userTeams } from '../../../drizzle/schema';
import type { Role } from '../../../shared/domain/constants';
import type { Db, DbOrTx } from '../../db/client';
import { SESSIONS_CHANNEL } from './session-token';

export interface UserWithScope {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  locale: string | null;
  active: boolean;
  mustChangePassword: boolean;
  teamIds: string[];
  agentId: string | null;
}

async function scopeOf(db: DbOrTx, userId: string): Promise<{ teamIds: string[]; agentId: string | null }> {
  const teamRows = await db.select({ teamId: userTeams.teamId }).from(userTeams).where(eq(userTeams.userId, userId));
  const [agent] = await db.select({ id: agents.id }).from(agents).where(eq(agents.userId, userId)).limit(1);
  return { teamIds: teamRows.map((r) => r.teamId).sort(), agentId: agent?.id ?? null };
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  locale: users.locale,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
};

/** Finds a user by username (case-insensitive) with the password hash, for sign-in. */
export async function findUserForLogin(db: DbOrTx, username: string) {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
    .limit(1);
  return row ?? null;
}

/**
 * Every request resolves its session: one statement with the scope as subqueries, not three round trips, and
 * built once per database with placeholders (drizzle builds a statement's SQL anew on each call; a named statement
 * is parsed and planned once per connection).
 */
function buildSessionLookup(db: Db) {
  return db
    .select({
      ...userColumns,
      teamIds: sql<string[]>`array(select ut.team_id::text from ${userTeams} ut where ut.user_id = ${users.id})`,
      agentId: sql<string | null>`(select a.id::text from ${agents} a where a.user_id = ${users.id} limit 1)`,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql.placeholder('now')),
        eq(users.active, true),
      ),
    )
    .limit(1)
    .prepare('doorstep_session_user');
}

const sessionLookups = new WeakMap<Db, ReturnType<typeof buildSessionLookup>>();

/** The user behind a live (unexpired) session, with the teams and agent record that scope their queries. */
export async function findUserBySession(db: Db, tokenHash: string, now: Date): Promise<UserWithScope | null> {
  return (await findSession(db, tokenHash, now))?.user ?? null;
}

/** findUserBySession with the session's end. */
export async function findSession(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<{ user: UserWithScope; expiresAt: Date } | null> {
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    lookup = buildSessionLookup(db);
    sessionLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ tokenHash, now: now.toISOString() });
  if (!row) return null;
  const { expiresAt, ...user } = row;
  return { user: { ...user, teamIds: [...user.teamIds].sort() }, expiresAt };
}

/**
 * Tells every app process, when the transaction commits, that a user's sessions or what they may see changed
 * (a session ended, a deactivation, a password reset, an agent record linked): their cached sessions are dropped
 * (session-cache.ts).
 */
export async function announceSessionChange(db: DbOrTx, userId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${SESSIONS_CHANNEL}, ${userId})`);
}

/** Share-locks an active user's row until the transaction ends (a deactivation waits); false when inactive. */
export async function lockActiveUser(tx: DbOrTx, userId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)))
    .for('share');
  return rows.length > 0;
}

export async function loadScope(db: DbOrTx, userId: string) {
  return scopeOf(db, userId);
}

/** An active user who has chosen their own password, with their scope, by id; null otherwise. */
export async function findActiveUserWithScope(db: DbOrTx, userId: string): Promise<UserWithScope | null> {
  const [row] = await db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true), eq(users.mustChangePassword, false)))
    .limit(1);
  return row ? { ...row, ...(await scopeOf(db, userId)) } : null;
}

export async function insertSession(
  db: DbOrTx,
  s: { tokenHash: string; userId: string; expiresAt: Date; ip: string; userAgent: string },
) {
  await db.insert(sessions).values(s);
}

export async function deleteSession(db: DbOrTx, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/**
 * Stores a new password hash and whether the user must replace it at their next sign-in. With `replacing`, only
 * while that is still the stored hash (the one the caller checked the current password against); false when it
 * was changed since.
 */
export async function updatePassword(
  db: DbOrTx,
  userId: string,
  passwordHash: string,
  mustChange: boolean,
  replacing?: string,
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ passwordHash, mustChangePassword: mustChange })
    .where(and(eq(users.id, userId), replacing === undefined ? undefined : eq(users.passwordHash, replacing)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Ends every session of a user except one (the one that just changed the password). */
export async function deleteOtherSessions(db: DbOrTx, userId: string, keepTokenHash: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash)))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

export async function deleteSessionsOfUser(db: DbOrTx, userId: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}
