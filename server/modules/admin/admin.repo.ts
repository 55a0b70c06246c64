import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { agents, policySettings, teams, users, userTeams } from '../../../drizzle/schema';
import type { Role } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';
import { localDateOfPolicyZone, POLICY_COLUMNS, policyRowInEffect } from '../../db/sql/effective-policy.sql';

export async function listUsers(db: DbOrTx) {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.role), asc(users.username));
  const memberships = await db
    .select({ userId: userTeams.userId, teamId: teams.id, teamName: teams.name })
    .from(userTeams)
    .innerJoin(teams, eq(teams.id, userTeams.teamId));
  return rows.map((u) => ({
    ...u,
    teams: memberships.filter((m) => m.userId === u.id).map((m) => ({ id: m.teamId, name: m.teamName })),
  }));
}

export async function findUserById(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: users.id, username: users.username, role: users.role, active: users.active })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row ?? null;
}

export async function usernameExists(db: DbOrTx, username: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
    .limit(1);
  return Boolean(row);
}

export async function insertUser(
  db: DbOrTx,
  u: { username: string; displayName: string; passwordHash: string; role: Role; teamIds: string[] },
) {
  const [row] = await db
    .insert(users)
    // The admin chose this password: the user replaces it at their first sign-in.
    .values({
      username: u.username,
      displayName: u.displayName,
      passwordHash: u.passwordHash,
      role: u.role,
      mustChangePassword: true,
    })
    .returning({ id: users.id });
  if (!row) throw new Error('insert returned no row');
  if (u.teamIds.length) await db.insert(userTeams).values(u.teamIds.map((teamId) => ({ userId: row.id, teamId })));
  return row.id;
}

export async function setUserActive(db: DbOrTx, id: string, active: boolean) {
  await db.update(users).set({ active }).where(eq(users.id, id));
}

export async function countExistingTeams(db: DbOrTx, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const [row] = await db.select({ n: count() }).from(teams).where(inArray(teams.id, ids));
  return row?.n ?? 0;
}

/** Every team with the policy in effect today (in its zone) and its counts of agents and users. */
export async function listTeamsWithPolicy(db: DbOrTx, now: Date) {
  const agentCounts = db
    .select({ teamId: agents.teamId, n: count().as('agent_count') })
    .from(agents)
    .groupBy(agents.teamId)
    .as('agent_counts');
  const userCounts = db
    .select({ teamId: userTeams.teamId, n: count().as('user_count') })
    .from(userTeams)
    .groupBy(userTeams.teamId)
    .as('user_counts');
  return db
    .select({
      id: teams.id,
      name: teams.name,
      code: teams.code,
      city: teams.city,
      regionMarginKm: teams.regionMarginKm,
      complaintPhone: teams.complaintPhone,
      complaintUrl: teams.complaintUrl,
      policy: POLICY_COLUMNS,

      agentCount: sql<number>`coalesce(${agentCounts.n}, 0)::int`,
      userCount: sql<number>`coalesce(${userCounts.n}, 0)::int`,
    })
    .from(teams)
    .innerJoin(
      policySettings,
      and(
        eq(policySettings.teamId, teams.id),
        policyRowInEffect('policy_settings', localDateOfPolicyZone(now, 'policy_settings')),
      ),
    )
    .leftJoin(agentCounts, eq(agentCounts.teamId, teams.id))
    .leftJoin(userCounts, eq(userCounts.teamId, teams.id))
    .orderBy(asc(teams.name));
}
