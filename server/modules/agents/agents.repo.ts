import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { agents, bases, teams, users } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

const partners = alias(agents, 'partners');

/** The agent's own fields as the list and the form show them. */
const FORM_COLUMNS = {
  fullName: agents.fullName,
  badgeNo: agents.badgeNo,
  credentialNo: agents.credentialNo,
  credentialValidFrom: agents.credentialValidFrom,
  credentialValidTo: agents.credentialValidTo,
  phone: agents.phone,
  skills: agents.skills,
  languages: agents.languages,
  maxVisitsPerDay: agents.maxVisitsPerDay,
  active: agents.active,
};

/** A team's agents (every team's when `teamId` is undefined) with their base, partner and sign-in, by badge. */
export async function listAgents(db: DbOrTx, teamId: string | undefined) {
  return db
    .select({
      id: agents.id,
      ...FORM_COLUMNS,
      hasPhoto: sql<boolean>`${agents.photoSha256} is not null`,
      baseId: agents.baseId,
      baseName: bases.name,
      preferredPartnerId: agents.preferredPartnerId,
      preferredPartnerName: partners.fullName,
      teamId: teams.id,
      teamName: teams.name,
      userId: agents.userId,
      username: users.username,
    })
    .from(agents)
    .innerJoin(teams, eq(teams.id, agents.teamId))
    .leftJoin(users, eq(users.id, agents.userId))
    .leftJoin(bases, eq(bases.id, agents.baseId))
    .leftJoin(partners, eq(partners.id, agents.preferredPartnerId))
    .where(teamId ? eq(agents.teamId, teamId) : undefined)
    .orderBy(asc(teams.name), asc(agents.badgeNo));
}

/** The stored fields of one agent (locked for the change when `lock`), or null. */
export async function findAgent(db: DbOrTx, id: string, lock = false) {
  const q = db
    .select({
      id: agents.id,
      teamId: agents.teamId,
      userId: agents.userId,
      baseId: agents.baseId,
      preferredPartnerId: agents.preferredPartnerId,
      ...FORM_COLUMNS,
    })
    .from(agents)
    .where(eq(agents.id, id))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}
export type AgentRow = NonNullable<Awaited<ReturnType<typeof findAgent>>>;

/** Which of the numbers is already on another agent than `exceptId` (badge first, as the form asks). */
export async function takenNumber(
  db: DbOrTx,
  n: { badgeNo: string; credentialNo: string },
  exceptId: string | null,
): Promise<'badgeNo' | 'credentialNo' | null> {
  const others = exceptId ? ne(agents.id, exceptId) : undefined;
  for (const field of ['badgeNo', 'credentialNo'] as const) {
    const [row] = await db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents[field], n[field]), others))
      .limit(1);
    if (row) return field;
  }
  return null;
}

/** A sign-in an agent can be linked to: role agent, active or not, and not linked to an agent other than `exceptId`. */
export async function isLinkableUser(db: DbOrTx, userId: string, exceptId: string | null): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(agents, and(eq(agents.userId, users.id), exceptId ? ne(agents.id, exceptId) : undefined))
    .where(and(eq(users.id, userId), eq(users.role, 'agent'), isNull(agents.id)))
    .limit(1);
  return Boolean(row);
}

/** Where an active base of the team is, or null when it is not one. */
export async function findActiveBase(db: DbOrTx, teamId: string, baseId: string) {
  const [row] = await db
    .select({ lat: bases.lat, lng: bases.lng })
    .from(bases)
    .where(and(eq(bases.id, baseId), eq(bases.teamId, teamId), eq(bases.active, true)))
    .limit(1);
  return row ?? null;
}

/** Whether an agent belongs to the team. */
export async function isTeamAgent(db: DbOrTx, teamId: string, agentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.teamId, teamId)))
    .limit(1);
  return Boolean(row);
}

export type AgentValues = Omit<typeof agents.$inferInsert, 'id' | 'createdAt' | 'photoSha256' | 'photoMimeType'>;

export async function insertAgent(db: DbOrTx, values: AgentValues): Promise<string> {
  const [row] = await db.insert(agents).values(values).returning({ id: agents.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateAgent(db: DbOrTx, id: string, values: Partial<AgentValues>): Promise<void> {
  await db.update(agents).set(values).where(eq(agents.id, id));
}

/** What the agent form offers for a team: its active bases, its agents, and agent sign-ins no agent uses yet. */
export async function findFormOptions(db: DbOrTx, teamId: string) {
  const [baseRows, agentRows, userRows] = await Promise.all([
    db
      .select({ id: bases.id, name: bases.name })
      .from(bases)
      .where(and(eq(bases.teamId, teamId), eq(bases.active, true)))
      .orderBy(asc(bases.name)),
    db
      .select({ id: agents.id, fullName: agents.fullName, badgeNo: agents.badgeNo })
      .from(agents)
      .where(eq(agents.teamId, teamId))
      .orderBy(asc(agents.badgeNo)),
    db
      .select({ id: users.id, username: users.username, displayName: users.displayName })
      .from(users)
      .leftJoin(agents, eq(agents.userId, users.id))
      .where(and(eq(users.role, 'agent'), isNull(agents.id)))
      .orderBy(asc(users.username)),
  ]);
  return { bases: baseRows, agents: agentRows, users: userRows };
}
