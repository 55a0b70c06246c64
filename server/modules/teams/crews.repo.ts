import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import { agents, crewMembers, crews, shifts, visits } from '../../../drizzle/schema';
import type { CrewMemberForRules } from '../../../shared/rules/placement';
import { builtOnce } from '../../db/built-once';
import type { DbOrTx } from '../../db/client';
import { latestTeamZoneValue } from '../../db/sql/effective-policy.sql';
import { askedOrToday, type DayAsk, dayParams, teamDayValue } from '../../db/sql/team-day.sql';

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

/** Which crews to load: by id, all of a team-day (a date, or today in the team's zone), or an agent's of a date. */
export type CrewFactsScope = { crewIds: string[] } | ({ teamId: string } & DayAsk) | { agentId: string; date: string };

/** A crew's and its members' columns, one row per member (a crew without members: null member columns). */
const crewFactColumns = {
  id: crews.id,
  teamId: crews.teamId,
  workDate: crews.workDate,
  name: crews.name,
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
};

/** A crew's members, their agents and their shifts that day, joined to a query that has the crews. */
function withMembers<Q extends PgSelect>(q: Q) {
  return q
    .leftJoin(crewMembers, eq(crewMembers.crewId, crews.id))
    .leftJoin(agents, eq(agents.id, crewMembers.agentId))
    .leftJoin(shifts, and(eq(shifts.agentId, crewMembers.agentId), eq(shifts.workDate, crewMembers.workDate)));
}

const crewFactsOrder = [asc(crews.name), asc(crews.id), sql`${crewMembers.isLead} desc`, asc(agents.fullName)];

/** The crews and their members (left joins: a crew without members is one row with null member columns). */
function crewFactsQuery(db: DbOrTx, scope: SQL) {
  return withMembers(db.select(crewFactColumns).from(crews).$dynamic())
    .where(scope)
    .orderBy(...crewFactsOrder);
}

/** One statement per scope, built once: by id (one text for any number of crews), a team-day, an agent's crew. */
const crewFactsById = builtOnce((db) =>
  crewFactsQuery(db, sql`${crews.id} = any(${sql.placeholder('crewIds')}::uuid[])`).prepare('doorstep_crew_facts_ids'),
);
const crewFactsOfTeamDay = builtOnce((db) =>
  crewFactsQuery(
    db,
    sql`${crews.teamId} = ${sql.placeholder('teamId')} and ${crews.workDate} = ${teamDayValue(sql`${sql.placeholder('teamId')}`)}`,
  ).prepare('doorstep_crew_facts_team_day'),
);
// crew_members_agent_date_unique: one crew at most.
const crewFactsOfAgent = builtOnce((db) =>
  crewFactsQuery(
    db,
    sql`${crews.id} = (select cm.crew_id from ${crewMembers} cm where cm.agent_id = ${sql.placeholder('agentId')}
      and cm.work_date = ${sql.placeholder('date')})`,
  ).prepare('doorstep_crew_facts_agent'),
);

function crewFactRows(db: DbOrTx, where: CrewFactsScope) {
  if ('crewIds' in where) return crewFactsById(db).execute({ crewIds: where.crewIds });
  if ('teamId' in where) return crewFactsOfTeamDay(db).execute({ teamId: where.teamId, ...dayParams(where) });
  return crewFactsOfAgent(db).execute(where);
}

/**
 * Crews (by id, all of a team-day, or an agent's of a date) with the facts the rules and the planner need: one
 * statement, the crews and their members together. Its text is the same for any number of crews, so a connection
 * prepares it once (docs/scale.md, session 29), and it is built once (session 30).
 */
export async function findCrewFacts(db: DbOrTx, where: CrewFactsScope): Promise<CrewFacts[]> {
  if ('crewIds' in where && where.crewIds.length === 0) return [];
  return crewFactsOf(await crewFactRows(db, where));
}

type CrewFactRow = { [K in keyof typeof crewFactColumns]: (typeof crewFactColumns)[K]['_']['data'] | null };

/** The crews of crew-fact rows, each with its members (rows without a crew — an outer join's nulls — are skipped). */
function crewFactsOf(rows: readonly CrewFactRow[]): CrewFacts[] {
  const byId = new Map<string, CrewFacts>();
  for (const m of rows) {
    if (m.id === null || m.teamId === null || m.workDate === null || m.name === null) continue;
    let crew = byId.get(m.id);
    if (!crew) {
      crew = { id: m.id, teamId: m.teamId, workDate: m.workDate, name: m.name, members: [] };
      byId.set(m.id, crew);
    }
    // The left joins' nulls: a crew without members (agent columns are not null for a member).
    const { agentId, fullName, badgeNo, credentialValidFrom, credentialValidTo, maxVisitsPerDay } = m;
    if (agentId === null || fullName === null || badgeNo === null) continue;
    if (credentialValidFrom === null || credentialValidTo === null || maxVisitsPerDay === null) continue;
    crew.members.push({
      agentId,
      fullName,
      badgeNo,
      // Languages are skills too ("lang:en"), the way visits ask for them.
      skills: [...(m.skills ?? []), ...(m.languages ?? []).map((l) => `lang:${l}`)],
      credentialValidFrom,
      credentialValidTo,
      active: m.active ?? false,
      maxVisitsPerDay,
      shiftStart: m.shiftStart,
      shiftEnd: m.shiftEnd,
      isLead: m.isLead === 1,
      start: m.startLat !== null && m.startLng !== null ? { lat: m.startLat, lng: m.startLng } : null,
      end: m.endLat !== null && m.endLng !== null ? { lat: m.endLat, lng: m.endLng } : null,
      breakStart: m.breakStart,
      breakEnd: m.breakEnd,
      breakMinutes: m.breakMinutes ?? 0,
    });
  }
  return [...byId.values()];
}

/** The crew an agent belongs to on a date, if any. */
export async function findAgentCrew(db: DbOrTx, agentId: string, date: string): Promise<CrewFacts | null> {
  const [crew] = await findCrewFacts(db, { agentId, date });
  return crew ?? null;
}

const me = alias(agents, 'me');
const mine = alias(crewMembers, 'mine');

/** The agent's team zone (else the deployment's default), by the agent's key. */
function agentZone(db: DbOrTx) {
  const zone = sql<string>`coalesce(${latestTeamZoneValue(sql`${me.teamId}`)}, ${sql.placeholder('defaultZone')})`;
  return (
    db
      .select({ agentId: me.id, timeZone: zone.as('day_zone') })
      .from(me)
      .where(eq(me.id, sql.placeholder('agentId')))
      // A fence: pulled up into the outer query, the zone was looked up once per use and row (38 buffers, not 30).
      .offset(0)
      .as('agent_zone')
  );
}

/** The agent's day: the date asked, or else today at `now` in the agent's team zone. */
function agentDate(db: DbOrTx) {
  const zone = agentZone(db);
  return db
    .select({
      agentId: zone.agentId,
      timeZone: zone.timeZone,
      date: askedOrToday(sql`${zone.timeZone}`).as('day_date'),
    })
    .from(zone)
    .as('agent_day');
}

const agentDayCrew = builtOnce((db) => {
  const day = agentDate(db);
  return withMembers(
    db
      .select({ ...crewFactColumns, timeZone: day.timeZone, date: sql<string>`${day.date}::text` })
      .from(day)
      // crew_members_agent_date_unique: one crew at most.
      .leftJoin(mine, and(eq(mine.agentId, day.agentId), eq(mine.workDate, day.date)))
      .leftJoin(crews, eq(crews.id, mine.crewId))
      .$dynamic(),
  )
    .orderBy(...crewFactsOrder)
    .prepare('doorstep_agent_day_crew');
});

/**
 * An agent's day and their crew that day, in one statement built once (field.today's first read): the date asked, or
 * else today at `now` in the agent's team zone (`defaultZone` when the team has none); the crew is null when the
 * agent is in none that day. Null for an unknown agent.
 */
export async function findAgentDayCrew(
  db: DbOrTx,
  agentId: string,
  on: { date: string | null; now: Date; defaultZone: string },
): Promise<{ timeZone: string; date: string; crew: CrewFacts | null } | null> {
  const rows = await agentDayCrew(db).execute({
    agentId,
    date: on.date,
    now: on.now.toISOString(),
    defaultZone: on.defaultZone,
  });
  const [first] = rows;
  if (!first) return null;
  const [crew] = crewFactsOf(rows);
  return { timeZone: first.timeZone, date: first.date, crew: crew ?? null };
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
