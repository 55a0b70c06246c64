import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/rows';

/** Whom the warm-up calls the hot procedures as: ids of users of the database, null where it has none. */
export interface WarmUpCast {
  /** A dispatcher with a team (dispatch.day, the worklist and its search). */
  dispatcherId: string | null;
  /** A field agent, one with visits today when there is one (field.today). */
  agentId: string | null;
  /** A manager, else an admin (the reports). */
  readerId: string | null;
}

/** One statement, at start: the users whose requests the warm-up plays. */
export async function findWarmUpCast(db: DbOrTx): Promise<WarmUpCast> {
  const [row] = rowsOf<WarmUpCast>(
    await db.execute(sql`
      select
        (select u.id::text from users u
          where u.role = 'dispatcher' and u.active and not u.must_change_password
            and exists (select 1 from user_teams ut where ut.user_id = u.id)
          order by u.username limit 1) as "dispatcherId",
        coalesce(
          (select a.user_id::text from visits v join agents a on a.id = v.agent_id join users u on u.id = a.user_id
            where v.visit_date = current_date and u.active and not u.must_change_password limit 1),
          (select u.id::text from users u join agents a on a.user_id = u.id
            where u.active and not u.must_change_password order by u.username limit 1)
        ) as "agentId",
        (select u.id::text from users u
          where u.role in ('manager', 'admin') and u.active and not u.must_change_password
          order by u.role = 'admin', u.username limit 1) as "readerId"`),
  );
  return row ?? { dispatcherId: null, agentId: null, readerId: null };
}

/**
 * Visits the warm-up's rolled-back writes change, one per connection: from a month back or earlier when there are
 * such (no one writes those days, so the write's row and team-day locks are in no one's way), else any.
 */
export async function findVisitsToTouch(db: DbOrTx, count: number): Promise<string[]> {
  const old = rowsOf<{ id: string }>(
    await db.execute(sql`select id::text as id from visits where visit_date < current_date - 30 limit ${count}`),
  );
  if (old.length >= count) return old.map((r) => r.id);
  const any = rowsOf<{ id: string }>(await db.execute(sql`select id::text as id from visits limit ${count}`));
  return any.map((r) => r.id);
}

/**
 * What a status write pays on a connection's first: an update of a counted column of one visit, which runs the
 * team-day recount trigger (migration 0028: its PL/pgSQL compiled, its statements planned). Only ever inside a
 * transaction that is rolled back.
 */
export async function touchVisitCounts(tx: DbOrTx, visitId: string): Promise<void> {
  await tx.execute(sql`update visits set travel_leg_m = coalesce(travel_leg_m, 0) + 1 where id = ${visitId}`);
}

/** Bounds the warm-up's own statements and lock waits in its transaction: it never holds up the requests. */
export async function boundWarmUpStatements(tx: DbOrTx, statementMs: number, lockMs: number): Promise<void> {
  await tx.execute(sql.raw(`set local statement_timeout = ${Math.trunc(statementMs)}`));
  await tx.execute(sql.raw(`set local lock_timeout = ${Math.trunc(lockMs)}`));
}
