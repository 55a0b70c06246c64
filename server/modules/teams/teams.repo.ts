import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { policySettings, teams } from '../../../drizzle/schema';
import type { TeamPolicy } from '../../../shared/domain/policy-defaults';
import { builtOnce } from '../../db/built-once';
import type { DbOrTx } from '../../db/client';
import { latestTeamZoneValue, POLICY_COLUMNS, policyRowInEffect } from '../../db/sql/effective-policy.sql';
import { askedOrToday, type DayAsk, dayParams, teamDayValue } from '../../db/sql/team-day.sql';

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
    .innerJoin(policySettings, and(eq(policySettings.teamId, teams.id), policyRowInEffect()))
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
    .innerJoin(policySettings, and(eq(policySettings.teamId, teams.id), policyRowInEffect()))
    .where(eq(teams.id, id))
    .limit(1);
  return row ?? null;
}

const teamWithPolicy = builtOnce((db) =>
  db
    .select({
      id: teams.id,
      name: teams.name,
      city: teams.city,
      timeZone: latestTeamZoneValue(sql`${teams.id}`),
      // The day the policy row below is chosen by, so the caller's day is that one (no second reckoning of today).
      date: sql<string | null>`${teamDayValue(sql`${teams.id}`)}::text`,
      policy: POLICY_COLUMNS,
    })
    .from(teams)
    .leftJoin(
      policySettings,
      and(
        eq(policySettings.teamId, teams.id),
        // The row in effect on the date given, or else on today in the team's zone (the same on all its rows).
        policyRowInEffect('policy_settings', askedOrToday(sql`p_eff.time_zone`)),
      ),
    )
    .where(eq(teams.id, sql.placeholder('id')))
    .limit(1)
    .prepare('doorstep_team_with_policy'),
);

/**
 * A team (as findTeam) and its policy row in effect on `date`, or on today at `now` in the team's zone when no
 * date is given, with that day (`date`): one statement, built once (dispatch.day's first read). `policy` is null when no row is in
 * effect then (the policy service applies the defaults); null when there is no such team.
 */
export async function findTeamWithPolicy(
  db: DbOrTx,
  id: string,
  on: DayAsk,
): Promise<(TeamDto & { date: string; policy: TeamPolicy | null }) | null> {
  const [row] = await teamWithPolicy(db).execute({ id, ...dayParams(on) });
  if (!row?.timeZone || !row.date) return null;
  return { ...row, timeZone: row.timeZone, date: row.date };
}

export interface TeamRow {
  id: string;
  name: string;
  code: string;
  city: string;
  /** How far beyond its bases' bounding box the team's region reaches (km). */
  regionMarginKm: number;
}

/** The team's own columns, locked for an update when `lock` (null when there is no such team). */
export async function findTeamRow(db: DbOrTx, id: string, lock = false): Promise<TeamRow | null> {
  const q = db
    .select({
      id: teams.id,
      name: teams.name,
      code: teams.code,
      city: teams.city,
      regionMarginKm: teams.regionMarginKm,
    })
    .from(teams)
    .where(eq(teams.id, id))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Inserts a team; a taken name or code surfaces as the unique key's domain error (unique-conflicts.ts). */
export async function insertTeam(db: DbOrTx, t: Omit<TeamRow, 'id' | 'regionMarginKm'>): Promise<string> {
  const [row] = await db.insert(teams).values(t).returning({ id: teams.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateTeamRow(db: DbOrTx, t: TeamRow): Promise<void> {
  await db
    .update(teams)
    .set({ name: t.name, code: t.code, city: t.city, regionMarginKm: t.regionMarginKm })
    .where(eq(teams.id, t.id));
}
