/**
 * The SQL of a team's day of crews as the crews screen makes and edits it (generate, swap, split, merge,
 * rename). The facts the rules and the planner read stay in crews.repo.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { agents, crewMembers, crews, shifts, teams, visits } from '../../../drizzle/schema';
import type { OrgOrigin } from '../../../shared/domain/constants';
import type { DbOrTx, Tx } from '../../db/client';
import type { AgentOnShift } from './crews.pairing';

/** The team's code (crew names start with it) and name; null for an unknown team. */
export async function findTeamCode(db: DbOrTx, teamId: string): Promise<{ code: string; name: string } | null> {
  const [row] = await db.select({ code: teams.code, name: teams.name }).from(teams).where(eq(teams.id, teamId));
  return row ?? null;
}

/**
 * Serialises every change to one team-day's crews: two dispatchers generating the same day at once run one
 * after the other, so the second replaces the first's crews instead of adding a second set.
 */
export async function lockCrewDay(tx: Tx, teamId: string, date: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`crews:${teamId}:${date}`}, 0))`);
}

/** The team's active agents with a shift on the date, with what pairing looks at. */
export async function findAgentsOnShift(db: DbOrTx, teamId: string, date: string): Promise<AgentOnShift[]> {
  return db
    .select({
      agentId: agents.id,
      fullName: agents.fullName,
      preferredPartnerId: agents.preferredPartnerId,
      skills: agents.skills,
      languages: agents.languages,
      start: shifts.startsAt,
      end: shifts.endsAt,
    })
    .from(shifts)
    .innerJoin(agents, eq(agents.id, shifts.agentId))
    .where(and(eq(agents.teamId, teamId), eq(agents.active, true), eq(shifts.workDate, date)))
    .orderBy(asc(agents.fullName), asc(agents.id));
}

/** A crew of the day with how it came to be and what hangs on it. */
export interface CrewDayRow {
  id: string;
  name: string;
  origin: OrgOrigin;
  /** Visits on the crew that are not cancelled. */
  visits: number;
  /** Anything else that names the crew (a route plan, a field record): it cannot be deleted. */
  hasHistory: boolean;
}

/** The crews of a team-day, by name. */
export async function findCrewsOfDay(db: DbOrTx, teamId: string, date: string): Promise<CrewDayRow[]> {
  const rows = await db
    .select({
      id: crews.id,
      name: crews.name,
      origin: crews.origin,
      // The outer crew is named literally: drizzle writes a lone table's columns unqualified, and a bare "id"
      // inside these subqueries would be the inner table's.
      visits: sql<number>`(select count(*)::int from visits v where v.crew_id = crews.id and v.status <> 'cancelled')`,
      anyVisit: sql<boolean>`exists (select 1 from visits v where v.crew_id = crews.id)`,
      hasHistory: sql<boolean>`exists (select 1 from route_plans rp where rp.crew_id = crews.id)
        or exists (select 1 from field_conflicts fc where fc.crew_id = crews.id)`,
    })
    .from(crews)
    .where(and(eq(crews.teamId, teamId), eq(crews.workDate, date)))
    .orderBy(asc(crews.name));
  // A cancelled visit still names its crew: the row cannot go, so it counts as history.
  return rows.map(({ anyVisit, ...r }) => ({ ...r, hasHistory: r.hasHistory || (anyVisit && r.visits === 0) }));
}

/** Removes crews (their memberships go with them). */
export async function deleteCrews(tx: Tx, crewIds: string[]): Promise<void> {
  if (crewIds.length === 0) return;
  await tx.delete(crews).where(inArray(crews.id, crewIds));
}

/** Writes a crew with its members (the first one leads; none: the caller moves them in); returns its id. */
export async function insertCrew(
  tx: Tx,
  crew: { teamId: string; date: string; name: string; origin: OrgOrigin; agentIds: string[] },
): Promise<string> {
  const [row] = await tx
    .insert(crews)
    .values({ teamId: crew.teamId, workDate: crew.date, name: crew.name, origin: crew.origin })
    .returning({ id: crews.id });
  const id = (row as { id: string }).id;
  if (crew.agentIds.length === 0) return id;
  await tx
    .insert(crewMembers)
    .values(crew.agentIds.map((agentId, i) => ({ crewId: id, agentId, workDate: crew.date, isLead: i === 0 ? 1 : 0 })));
  return id;
}

/** A crew's team and day (to take the day's lock before loading it), or null. */
export async function findCrewDay(db: DbOrTx, crewId: string): Promise<{ teamId: string; date: string } | null> {
  const [row] = await db.select({ teamId: crews.teamId, date: crews.workDate }).from(crews).where(eq(crews.id, crewId));
  return row ?? null;
}

/** Crews by id with their team, day and origin (members come from findMembersOf). */
export async function findCrewsById(db: DbOrTx, crewIds: string[]) {
  return db
    .select({ id: crews.id, teamId: crews.teamId, date: crews.workDate, name: crews.name, origin: crews.origin })
    .from(crews)
    .where(inArray(crews.id, crewIds));
}

/** How many visits on the crews have started or ended in the field (the crews are then past changing). */
export async function countStartedVisits(db: DbOrTx, crewIds: string[], statuses: readonly string[]) {
  const rows = await db
    .select({ crewId: visits.crewId, n: sql<number>`count(*)::int` })
    .from(visits)
    .where(and(inArray(visits.crewId, crewIds), inArray(visits.status, statuses as never[])))
    .groupBy(visits.crewId);
  return new Map(rows.map((r) => [r.crewId as string, r.n]));
}

/** Sets a crew's name and/or origin. */
export async function updateCrew(tx: Tx, crewId: string, set: { name?: string; origin?: OrgOrigin }): Promise<void> {
  await tx.update(crews).set(set).where(eq(crews.id, crewId));
}

/** Moves an agent's membership of the day to another crew, as its lead or not. */
export async function moveMember(tx: Tx, agentId: string, toCrewId: string, date: string, lead: boolean) {
  await tx
    .update(crewMembers)
    .set({ crewId: toCrewId, isLead: lead ? 1 : 0 })
    .where(and(eq(crewMembers.agentId, agentId), eq(crewMembers.workDate, date)));
}

/** Makes the given agent the crew's only lead. */
export async function setLead(tx: Tx, crewId: string, agentId: string): Promise<void> {
  await tx
    .update(crewMembers)
    .set({ isLead: sql`case when ${crewMembers.agentId} = ${agentId} then 1 else 0 end` })
    .where(eq(crewMembers.crewId, crewId));
}

/** Whether a crew other than `exceptId` of the team-day already has the name (case as typed). */
export async function crewNameUsed(db: DbOrTx, teamId: string, date: string, name: string, exceptId: string) {
  const [row] = await db
    .select({ id: crews.id })
    .from(crews)
    .where(and(eq(crews.teamId, teamId), eq(crews.workDate, date), eq(crews.name, name), ne(crews.id, exceptId)))
    .limit(1);
  return Boolean(row);
}
