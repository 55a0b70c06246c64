import { asc, eq, inArray } from 'drizzle-orm';
import { policySettings, teams } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

export interface TeamDto {
  id: string;
  name: string;
  city: string;
  timeZone: string;
}

/** Teams with their time zone; all of them when `ids` is null. */
export async function listTeams(db: DbOrTx, ids: string[] | null): Promise<TeamDto[]> {
  if (ids && ids.length === 0) return [];
  const q = db
    .select({ id: teams.id, name: teams.name, city: teams.city, timeZone: policySettings.timeZone })
    .from(teams)
    .innerJoin(policySettings, eq(policySettings.teamId, teams.id))
    .orderBy(asc(teams.name));
  return ids ? q.where(inArray(teams.id, ids)) : q;
}

export async function findTeam(db: DbOrTx, id: string): Promise<TeamDto | null> {
  const [row] = await db
    .select({ id: teams.id, name: teams.name, city: teams.city, timeZone: policySettings.timeZone })
    .from(teams)
    .innerJoin(policySettings, eq(policySettings.teamId, teams.id))
    .where(eq(teams.id, id))
    .limit(1);
  return row ?? null;
}
