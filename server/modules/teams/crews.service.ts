/** The teams module's entry point for crews: other modules read a day's crews and their members' facts here. */
import type { DbOrTx, Tx } from '../../db/client';
import {
  type CrewFacts,
  type CrewFactsScope,
  deleteAgentMemberships,
  findAgentCrew,
  findAgentCrewIds,
  findAgentDayCrew,
  findCrewFacts,
  isAgentInCrew,
} from './crews.repo';

export type { CrewFacts };

/**
 * Crews by id (or all of a team-day: a date, or today at `now` in the team's zone) with the facts the rules and the
 * planner need; pass the open transaction.
 */
export function loadCrewFacts(db: DbOrTx, where: Exclude<CrewFactsScope, { agentId: string }>): Promise<CrewFacts[]> {
  return findCrewFacts(db, where);
}

/** The crew an agent belongs to on a date, if any. */
export function loadAgentCrew(db: DbOrTx, agentId: string, date: string): Promise<CrewFacts | null> {
  return findAgentCrew(db, agentId, date);
}

/** Whether the agent is a member of the crew (crews exist per date, so this also fixes the day). */
export function isCrewMember(db: DbOrTx, agentId: string, crewId: string): Promise<boolean> {
  return isAgentInCrew(db, agentId, crewId);
}

/**
 * An agent's day and their crew that day (null: in none): the date asked, or else today at `now` in the agent's team
 * zone (`defaultZone` when the team has none). Null for an unknown agent.
 */
export function agentDayCrew(
  db: DbOrTx,
  agentId: string,
  on: { date: string | null; now: Date; defaultZone: string },
): Promise<{ timeZone: string; date: string; crew: CrewFacts | null } | null> {
  return findAgentDayCrew(db, agentId, on);
}

/** The crews an agent is in on the given dates (the roster asks which crews a change of their shifts touches). */
export function agentCrewIds(tx: Tx, q: { agentId: string; dates: string[] }): Promise<string[]> {
  return findAgentCrewIds(tx, q.agentId, q.dates);
}

/**
 * An agent who lost their shift on dates leaves their crews of those dates (SPEC §8.2); the caller has already
 * released the crews' visits (dispatch.release.ts). Returns the crews they left.
 */
export function dropAgentFromCrews(tx: Tx, q: { agentId: string; dates: string[] }): Promise<string[]> {
  return deleteAgentMemberships(tx, q.agentId, q.dates);
}
