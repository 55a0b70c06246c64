/**
 * The facts about a case's history that the case row carries (first_notice_at, open_promise_due_on), so that the
 * worklist filters and counts a team's cases by reading them instead of probing every case's history. Each is
 * written by the one writer of the fact it follows, in that writer's transaction, from the one SQL definition of
 * the fact (server/db/sql/notice.sql.ts, promise-state.sql.ts).
 */
import { eq, sql } from 'drizzle-orm';
import { cases, promiseFacts } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { firstNotices } from '../../db/sql/notice.sql';
import { insertPromiseFacts, openPromiseDue } from '../../db/sql/promise-state.sql';

/**
 * A notice logged at `at`: the case's first notice moves earlier when this one is (least() skips the null of
 * "none yet"). One statement that reads the row it updates, so two notices logged at once both count.
 */
export async function noteNotice(tx: DbOrTx, caseId: string, at: Date): Promise<void> {
  await tx
    .update(cases)
    .set({ firstNoticeAt: sql`least(${cases.firstNoticeAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(cases.id, caseId));
}

/**
 * Recomputes the case's earliest unpaid promise due date and its promise facts (promise_facts) from its promises
 * and payments. The case row is locked first, in a statement of its own: the recomputation then starts after any
 * other writer of the case has committed and sees its rows (a single update would compute from a snapshot taken
 * before it waited).
 */
export async function refreshOpenPromise(tx: DbOrTx, caseId: string): Promise<void> {
  await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).for('update');
  await tx
    .update(cases)
    .set({ openPromiseDueOn: sql`(select d.due_on from ${openPromiseDue({ caseId })} as d)` })
    .where(eq(cases.id, caseId));
  await tx.delete(promiseFacts).where(eq(promiseFacts.caseId, caseId));
  await tx.execute(insertPromiseFacts({ caseId }));
}

/**
 * Writes the facts of every case (and its promises') from the history, for rows written without their writers (the seed inserts
 * whole tables; the migration that added the columns did the same in SQL).
 */
export async function writeCaseStateFromHistory(db: DbOrTx): Promise<void> {
  await db.execute(
    sql`update ${cases} set first_notice_at = n.at from ${firstNotices} as n where n.case_id = ${cases.id}`,
  );
  await db.execute(sql`update ${cases} set open_promise_due_on = d.due_on
    from ${openPromiseDue({})} as d where d.case_id = ${cases.id}`);
  await db.delete(promiseFacts);
  await db.execute(insertPromiseFacts({}));
}
