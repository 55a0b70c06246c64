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

/** Where a team's borrowers complain, as configured (null when the team does not exist). */
export async function findComplaintChannel(db: DbOrTx, teamId: string) {
  const [row] = await db
    .select({ name: teams.name, phone: teams.complaintPhone, url: teams.complaintUrl })
    .from(teams)
    .where(eq(teams.id, teamId))
    .limit(1);
  return row ?? null;
}

/** Stores a team's complaint channel; false when there is no such team. */
export async function updateComplaintChannel(
  db: DbOrTx,
  teamId: string,
  channel: { phone: string | null; url: string | null },
): Promise<boolean> {
  const rows = await db
    .update(teams)
    .set({ complaintPhone: channel.phone, complaintUrl: channel.url })
    .where(eq(teams.id, teamId))
    .returning({ id: teams.id });
  return rows.length > 0;
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
