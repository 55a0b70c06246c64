/**
 * Which row of a team's effective-dated policy a query joins (SPEC §8.2: a change from date D leaves what lies
 * before D judged by the policy it was agreed under). Every join on policy_settings composes this condition, so
 * a team with several policy versions still yields one row per team.
 */
import { type SQL, sql } from 'drizzle-orm';
import { policySettings } from '../../../drizzle/schema';

/**
 * The join condition for the policy row of `alias` (the table name or alias the query gave policy_settings)
 * in effect on `onDate`, a local date of the team (a column such as visits.visit_date, or a 'YYYY-MM-DD'
 * value). Without a date: the team's latest row — for a query that reads only the time zone, which is the same
 * on every row of a team (a team's zone is not effective-dated; the policy module writes it to all rows).
 */
export function policyRowInEffect(alias = 'policy_settings', onDate?: SQL | string): SQL {
  const t = sql.raw(`"${alias}"`);
  const bound = onDate === undefined ? sql`` : sql` and p_eff.effective_from <= ${onDate}::date`;
  return sql`${t}.effective_from = (select max(p_eff.effective_from) from policy_settings p_eff
    where p_eff.team_id = ${t}.team_id${bound})`;
}

/**
 * The team's zone as a lateral row aliased `alias` (with a `time_zone` column), for `cross join lateral`: the latest
 * row's zone, as joining on policyRowInEffect() without a date gives it, looked up per row by the team's key. A
 * join on policyRowInEffect() is estimated at one policy row for all teams, and PostgreSQL then ran the rest of a
 * promise query once per team (the organisation's one-off promises 50 times over: 48 s for the admin's month).
 */
export function latestTeamZone(teamId: SQL, alias: string): SQL {
  return sql`lateral (${latestZoneSelect(teamId)}) as ${sql.raw(alias)}`;
}

/** The team's zone (its latest policy row's, as latestTeamZone) as a value: null when the team has no policy row. */
export function latestTeamZoneValue(teamId: SQL): SQL<string | null> {
  return sql<string | null>`(${latestZoneSelect(teamId)})`;
}

function latestZoneSelect(teamId: SQL): SQL {
  return sql`select pz.time_zone from ${policySettings} pz where pz.team_id = ${teamId}
    order by pz.effective_from desc limit 1`;
}

/** The local date of instant `at` in the zone of policy row `alias` (zones are the same on all of a team's rows). */
export function localDateOfPolicyZone(at: Date, alias = 'policy_settings'): SQL {
  return sql`(${at.toISOString()}::timestamptz at time zone ${sql.raw(`"${alias}"`)}.time_zone)::date`;
}

/** The columns of a policy version, as the policy module and the admin's team list read them. */
export const POLICY_COLUMNS = {
  effectiveFrom: policySettings.effectiveFrom,
  timeZone: policySettings.timeZone,
  jurisdiction: policySettings.jurisdiction,
  allowedStart: policySettings.allowedStart,
  allowedEnd: policySettings.allowedEnd,
  frequencyCap: policySettings.frequencyCap,
  frequencyWindowDays: policySettings.frequencyWindowDays,
  minNoticeMinutes: policySettings.minNoticeMinutes,
  twoPersonRule: policySettings.twoPersonRule,
  checkInDistanceThresholdM: policySettings.checkInDistanceThresholdM,
  slotMinutes: policySettings.slotMinutes,
  visitsPerCrewSlot: policySettings.visitsPerCrewSlot,
  negotiationMinutes: policySettings.negotiationMinutes,
  verificationMinutes: policySettings.verificationMinutes,
  crewRequiredSkills: policySettings.crewRequiredSkills,
  crewRequiredLanguages: policySettings.crewRequiredLanguages,
  contactCapPerDay: policySettings.contactCapPerDay,
  messagesShowAmount: policySettings.messagesShowAmount,
};
