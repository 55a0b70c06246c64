/** The teams module's entry point for crews: other modules read a day's crews and their members' facts here. */
import type { DbOrTx } from '../../db/client';
import { type CrewFacts, findAgentCrew, findCrewFacts } from './crews.repo';

export type { CrewFacts };

/** Crews by id (or all of a team-day) with the facts the rules and the planner need; pass the open transaction. */
export function loadCrewFacts(
  db: DbOrTx,
  where: { crewIds: string[] } | { teamId: string; date: string },
): Promise<CrewFacts[]> {
  return findCrewFacts(db, where);
}

/** The crew an agent belongs to on a date, if any. */
export function loadAgentCrew(db: DbOrTx, agentId: string, date: string): Promise<CrewFacts | null> {
  return findAgentCrew(db, agentId, date);
}
