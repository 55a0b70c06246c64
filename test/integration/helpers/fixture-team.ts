/**
 * The rows every hand-built fixture team needs (teams with their policy, users, agents) and the session a
 * fixture user signs in as, so the fixtures differ only in what they are about.
 */
import { randomUUID } from 'node:crypto';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import type { SessionUser } from '../../../server/trpc/context';
import type { Role } from '../../../shared/domain/constants';

/** Writes the teams, each with the default visiting policy. */
export async function insertTeams(db: DbHandle['db'], teams: Array<typeof s.teams.$inferInsert & { id: string }>) {
  await db.insert(s.teams).values(teams);
  await db.insert(s.policySettings).values(teams.map((t) => ({ teamId: t.id })));
}

/** A user row that never signs in with a password (the tests call as its session). */
export const fixtureUser = (username: string, role: Role) => ({
  id: randomUUID(),
  username,
  displayName: username,
  passwordHash: 'unused',
  role,
});
export type FixtureUser = ReturnType<typeof fixtureUser>;

/** An agent row based in central Shanghai whose credential (its number from the badge's) is valid 2025–2030. */
export const fixtureAgent = (a: { userId: string; teamId: string; fullName: string; badgeNo: string }) => ({
  id: randomUUID(),
  ...a,
  credentialNo: a.badgeNo.replace('-', 'C-'),
  credentialValidFrom: '2025-01-01',
  credentialValidTo: '2030-01-01',
  phone: '13800000000',
  homeBaseLat: 31.2,
  homeBaseLng: 121.4,
});

/** The session a fixture user signs in as, scoped to `teamIds`. */
export const sessionOf = (
  u: FixtureUser,
  teamIds: string[],
  agentId: string | null = null,
): Omit<SessionUser, 'sessionTokenHash'> => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  locale: null,
  teamIds,
  agentId,
});
