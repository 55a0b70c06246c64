/**
 * "The team's day" in SQL (SPEC §4: a local date is the team's zone's): the date asked, or else today at an instant
 * in the team's zone. The one spelling of the rule for statements that take a day that may be "today": the board's
 * reads, the team-and-policy read and the agent's day each compute it in their own statement, so none has to wait
 * for another to learn the date (docs/scale.md, session 34).
 */
import { type SQL, sql } from 'drizzle-orm';
import { latestTeamZoneValue } from './effective-policy.sql';

/**
 * Which day a read is about: a date, or "today" at `now` in the team's zone (`date` null). The same `now` for every
 * statement of one answer, so that they agree on the day even at midnight.
 */
export type DayAsk = { date: string; now?: undefined } | { date: string | null; now: Date };

/**
 * The asked date (placeholder `date`), or else the local date at the instant (placeholder `now`) in `zone`. A
 * statement using it is executed with `dayParams`.
 */
export function askedOrToday(zone: SQL): SQL<string> {
  return sql<string>`coalesce(${sql.placeholder('date')}::date,
    (${sql.placeholder('now')}::timestamptz at time zone ${zone})::date)`;
}

/**
 * askedOrToday in the zone of the team `teamId` (its latest policy row's; null when the team has none, so nothing
 * matches). With a parameter for the team it is an uncorrelated subquery, run once before the scan (an InitPlan),
 * and a column compared with it is still an index condition.
 */
export function teamDayValue(teamId: SQL): SQL<string> {
  return askedOrToday(latestTeamZoneValue(teamId));
}

/** The placeholders' values of askedOrToday / teamDayValue. */
export function dayParams(day: DayAsk): { date: string | null; now: string | null } {
  return { date: day.date, now: day.now ? day.now.toISOString() : null };
}
