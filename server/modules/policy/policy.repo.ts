import { desc, eq, sql } from 'drizzle-orm';
import { policySettings } from '../../../drizzle/schema';
import type { TeamPolicy } from '../../../shared/domain/policy-defaults';
import type { DbOrTx } from '../../db/client';
import { POLICY_COLUMNS } from '../../db/sql/effective-policy.sql';

const columns = POLICY_COLUMNS;

/**
 * The team's policy row in effect on a local date, or on the local date of an instant in the team's zone; null
 * when the team has no row in effect then (the policy service applies the defaults).
 */
export async function findPolicyRowOn(db: DbOrTx, teamId: string, on: string | Date): Promise<TeamPolicy | null> {
  const day =
    typeof on === 'string' ? sql`${on}::date` : sql`(${on.toISOString()}::timestamptz at time zone time_zone)::date`;
  const [row] = await db
    .select(columns)
    .from(policySettings)
    .where(sql`${policySettings.teamId} = ${teamId} and ${policySettings.effectiveFrom} <= ${day}`)
    .orderBy(desc(policySettings.effectiveFrom))
    .limit(1);
  return row ?? null;
}

/** The team's time zone (the same on every policy row), or null when it has none. */
export async function findTeamZone(db: DbOrTx, teamId: string): Promise<string | null> {
  const [row] = await db
    .select({ timeZone: policySettings.timeZone })
    .from(policySettings)
    .where(eq(policySettings.teamId, teamId))
    .orderBy(desc(policySettings.effectiveFrom))
    .limit(1);
  return row?.timeZone ?? null;
}

export interface PolicyVersionRow extends TeamPolicy {
  createdByName: string | null;
  updatedAt: Date;
}

/** Every policy version of a team, newest first, with who wrote it. */
export function listPolicyVersions(db: DbOrTx, teamId: string): Promise<PolicyVersionRow[]> {
  return db
    .select({
      ...columns,
      createdByName: sql<string | null>`(select u.display_name from users u where u.id = ${policySettings.createdBy})`,
      updatedAt: policySettings.updatedAt,
    })
    .from(policySettings)
    .where(eq(policySettings.teamId, teamId))
    .orderBy(desc(policySettings.effectiveFrom));
}

export type PolicyWrite = Omit<TeamPolicy, 'timeZone'> & { teamId: string; createdBy: string | null; at: Date };

/** Writes the version of `effectiveFrom`: a new row, or the row already starting that day updated in place. */
export async function upsertPolicyVersion(db: DbOrTx, v: PolicyWrite, timeZone: string): Promise<void> {
  const { teamId, createdBy, at, ...policy } = v;
  const values = { ...policy, timeZone, createdBy, updatedAt: at };
  await db
    .insert(policySettings)
    .values({ teamId, ...values })
    .onConflictDoUpdate({ target: [policySettings.teamId, policySettings.effectiveFrom], set: values });
}

/** Sets the team's time zone on every one of its policy rows (a zone is the team's, not a dated policy). */
export async function updateTeamZone(db: DbOrTx, teamId: string, timeZone: string): Promise<void> {
  await db.update(policySettings).set({ timeZone }).where(eq(policySettings.teamId, teamId));
}
