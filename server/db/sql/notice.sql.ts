/**
 * "A notice was logged" (SPEC §1 stages 1–2) in SQL: a contact attempt of a NOTICE_STAGES stage on the case,
 * at or before `by` when given. The one form of the rule: the placement and slot checks, the planner and the
 * cases worklist compose it rather than writing the stage list and the time bound again.
 */
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { contactAttempts } from '../../../drizzle/schema';
import { NOTICE_STAGES } from '../../../shared/domain/constants';

const noticeStages = sql.join(
  NOTICE_STAGES.map((stage) => sql`${stage}`),
  sql`, `,
);

/**
 * Whether the case `caseId` (a case id, or a column of the outer query for a correlated subquery) had a notice
 * logged, at or before `by` (a time, or a column) when given. Drizzle qualifies a column with its table only in
 * a select with joins; in a single-table select `${cases.id}` renders a bare "id" that the subquery resolves to
 * its own table (the bug once in the agent's route), so pass columns only from joined selects.
 */
export function noticeLogged(caseId: string | AnyColumn | SQL, by?: Date | AnyColumn | SQL): SQL<boolean> {
  const until =
    by === undefined
      ? sql``
      : sql` and ca.attempted_at <= ${by instanceof Date ? sql`${by.toISOString()}::timestamptz` : by}`;
  return sql<boolean>`exists (select 1 from ${contactAttempts} ca
    where ca.case_id = ${caseId} and ca.stage in (${noticeStages})${until})`;
}

/**
 * Each case's first notice, one row (case_id, at) per case that has one, as a subquery to join: what
 * cases.first_notice_at holds, computed from the history — for data written without the writer (the seed).
 */
export const firstNotices = sql`(select ca.case_id, min(ca.attempted_at) as at from ${contactAttempts} ca
  where ca.stage in (${noticeStages}) group by ca.case_id)`;
