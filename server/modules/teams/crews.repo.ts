import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { agents, crewMembers, crews, shifts, visits } from '../../../drizzle/schema';
import type { CrewMemberForRules } from '../../../shared/rules/placement';
import type { DbOrTx } from '../../db/client';

/**
 * Crews of a day with their members' facts: the one loader behind the dispatch board, the placement rules,
 * the planner and the agent's route.
 */

/** A crew with its members' skills, credentials, shifts and start/end places. */
export interface CrewFacts {
  id: string;
  teamId: string;
  workDate: string;
  name: string;
  members: Array<
    CrewMemberForRules & {
      badgeNo: string;
      isLead: boolean;
      start: { lat: number; lng: number } | null;
      end: { lat: number; lng: number } | null;
      breakStart: Date | null;
      breakEnd: Date | null;
      breakMinutes: number;
    }
  >;
}

/** Crews by id (or all of a team-day) with the facts the rules and the planner need. */
export async function findCrewFacts(
  db: DbOrTx,
  where: { crewIds: string[] } | { teamId: string; date: string },
): Promise<CrewFacts[]> {
  const crewRows = await db
    .select({ id: crews.id, teamId: crews.teamId, workDate: crews.workDate, name: crews.name })
    .from(crews)
    .where(
      'crewIds' in where
        ? inArray(crews.id, where.crewIds)
        : and(eq(crews.teamId, where.teamId), eq(crews.workDate, where.date)),
    )
    .orderBy(asc(crews.name));
  if (crewRows.length === 0) return [];
  const members = await db
    .select({
      crewId: crewMembers.crewId,
      isLead: crewMembers.isLead,
      agentId: agents.id,
      fullName: agents.fullName,
      badgeNo: agents.badgeNo,
      skills: agents.skills,
      languages: agents.languages,
      credentialValidFrom: agents.credentialValidFrom,
      credentialValidTo: agents.credentialValidTo,
      active: agents.active,
      maxVisitsPerDay: agents.maxVisitsPerDay,
      shiftStart: shifts.startsAt,
      shiftEnd: shifts.endsAt,
      startLat: shifts.startLat,
      startLng: shifts.startLng,
      endLat: shifts.endLat,
      endLng: shifts.endLng,
      breakStart: shifts.breakStartsAt,
      breakEnd: shifts.breakEndsAt,
      breakMinutes: shifts.breakMinutes,
    })
    .from(crewMembers)
    .innerJoin(agents, eq(agents.id, crewMembers.agentId))
    .leftJoin(shifts, and(eq(shifts.agentId, crewMembers.agentId), eq(shifts.workDate, crewMembers.workDate)))
    .where(
      inArray(
        crewMembers.crewId,
        crewRows.map((c) => c.id),
      ),
    )
    .orderBy(sql`${crewMembers.isLead} desc`, asc(agents.fullName));
  return crewRows.map((c) => ({
    ...c,
    members: members
      .filter((m) => m.crewId === c.id)
      .map((m) => ({
        agentId: m.agentId,
        fullName: m.fullName,
        badgeNo: m.badgeNo,
        // Languages are skills too ("lang:en"), the way visits ask for them.
        skills: [...m.skills, ...m.languages.map((l) => `lang:${l}`)],
        credentialValidFrom: m.credentialValidFrom,
        credentialValidTo: m.credentialValidTo,
        active: m.active,
        maxVisitsPerDay: m.maxVisitsPerDay,
        shiftStart: m.shiftStart,
        shiftEnd: m.shiftEnd,
        isLead: m.isLead === 1,
        start: m.startLat !== null && m.startLng !== null ? { lat: m.startLat, lng: m.startLng } : null,
        end: m.endLat !== null && m.endLng !== null ? { lat: m.endLat, lng: m.endLng } : null,
        breakStart: m.breakStart,
        breakEnd: m.breakEnd,
        breakMinutes: m.breakMinutes ?? 0,
      })),
  }));
}

/** The crew an agent belongs to on a date, if any. */
export async function findAgentCrew(db: DbOrTx, agentId: string, date: string): Promise<CrewFacts | null> {
  const rows = await db
    .select({ crewId: crewMembers.crewId })
    .from(crewMembers)
    .where(and(eq(crewMembers.agentId, agentId), eq(crewMembers.workDate, date)))
    .limit(1);
  const crewId = rows[0]?.crewId;
  if (!crewId) return null;
  const [crew] = await findCrewFacts(db, { crewIds: [crewId] });
  return crew ?? null;
}

/** Whether the agent is a member of the crew (crews exist per date, so this also fixes the day). */
export async function isAgentInCrew(db: DbOrTx, agentId: string, crewId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(crewMembers)
    .where(and(eq(crewMembers.agentId, agentId), eq(crewMembers.crewId, crewId)))
    .limit(1);
  return Boolean(row);
}

/** The team an agent works in. */
export async function findAgentTeam(db: DbOrTx, agentId: string): Promise<string | null> {
  const [row] = await db.select({ teamId: agents.teamId }).from(agents).where(eq(agents.id, agentId)).limit(1);
  return row?.teamId ?? null;
}

/** The crews an agent belongs to on the given dates (one per date at most). */
export async function findAgentCrewIds(db: DbOrTx, agentId: string, dates: string[]): Promise<string[]> {
  if (dates.length === 0) return [];
  const rows = await db
    .select({ crewId: crewMembers.crewId })
    .from(crewMembers)
    .where(and(eq(crewMembers.agentId, agentId), inArray(crewMembers.workDate, dates)));
  return rows.map((r) => r.crewId);
}

/**
 * Takes an agent out of their crews on the dates; a crew left with nobody and no visit is deleted (an empty
 * lane helps nobody). Returns the crews the agent left.
 */
export async function deleteAgentMemberships(db: DbOrTx, agentId: string, dates: string[]): Promise<string[]> {
  if (dates.length === 0) return [];
  const left = await db
    .delete(crewMembers)
    .where(and(eq(crewMembers.agentId, agentId), inArray(crewMembers.workDate, dates)))
    .returning({ crewId: crewMembers.crewId });
  const crewIds = left.map((r) => r.crewId);
  if (crewIds.length > 0) {
    await db
      .delete(crews)
      .where(
        and(
          inArray(crews.id, crewIds),
          sql`not exists (select 1 from ${crewMembers} where ${crewMembers.crewId} = ${crews.id})`,
          sql`not exists (select 1 from ${visits} where ${visits.crewId} = ${crews.id})`,
        ),
      );
  }
  return crewIds;
}
