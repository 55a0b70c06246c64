import { sql } from 'drizzle-orm';
import { agents, bases, crews, rosterPatterns, shifts, teams } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

export interface SetupCounts {
  teams: number;
  bases: number;
  agents: number;
  roster: number;
  crews: number;
}

/**
 * What exists of each step of setting up an organisation, in one query: teams, active bases, active agents,
 * roster (patterns, or shifts from `today` on) and crews from `today` on.
 */
export async function countSetupSteps(db: DbOrTx, today: string): Promise<SetupCounts> {
  const [row] = await db
    .select({
      teams: sql<number>`count(*)::int`,
      bases: sql<number>`(select count(*)::int from ${bases} where ${bases.active})`,
      agents: sql<number>`(select count(*)::int from ${agents} where ${agents.active})`,
      roster: sql<number>`(select count(*)::int from ${rosterPatterns})
        + (select count(*)::int from ${shifts} where ${shifts.workDate} >= ${today}::date)`,
      crews: sql<number>`(select count(*)::int from ${crews} where ${crews.workDate} >= ${today}::date)`,
    })
    .from(teams);
  return row ?? { teams: 0, bases: 0, agents: 0, roster: 0, crews: 0 };
}
