import { and, eq, gt, lte, or, sql } from 'drizzle-orm';
import { rateLimits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** One counter: which limit, whose key. */
interface CounterKey {
  scope: string;
  key: string;
}

/**
 * Counts one attempt if the key has one left, in one statement: concurrent attempts on a key queue on its row
 * (the upsert locks it; at READ COMMITTED each re-reads the count the one before it left), so exactly `max`
 * get through per window. A window older than `windowMs` starts again at `now` with this attempt as its first.
 * Returns the start of the window the attempt counts in, or null when the key had none left (nothing is counted).
 */
export async function countAttempt(
  db: DbOrTx,
  counter: CounterKey,
  now: Date,
  limit: { max: number; windowMs: number },
): Promise<Date | null> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const floor = new Date(now.getTime() - limit.windowMs).toISOString();
  const expired = sql`${rateLimits.windowStart} <= ${floor}::timestamptz`;
  const [row] = await db
    .insert(rateLimits)
    .values({ ...counter, windowStart: now, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.scope, rateLimits.key],
      set: {
        windowStart: sql`case when ${expired} then ${at} else ${rateLimits.windowStart} end`,
        hits: sql`case when ${expired} then 1 else ${rateLimits.hits} + 1 end`,
      },
      setWhere: sql`${expired} or ${rateLimits.hits} < ${limit.max}::integer`,
    })
    .returning({ windowStart: rateLimits.windowStart });
  return row?.windowStart ?? null;
}

/** When the key's current window started; null when it has no counter. */
export async function findWindowStart(db: DbOrTx, counter: CounterKey): Promise<Date | null> {
  const [row] = await db
    .select({ windowStart: rateLimits.windowStart })
    .from(rateLimits)
    .where(and(eq(rateLimits.scope, counter.scope), eq(rateLimits.key, counter.key)));
  return row?.windowStart ?? null;
}

/** Takes one attempt back, unless its window has started again since. */
export async function uncountAttempt(db: DbOrTx, counter: CounterKey, windowStart: Date): Promise<void> {
  await db
    .update(rateLimits)
    .set({ hits: sql`${rateLimits.hits} - 1` })
    .where(
      and(
        eq(rateLimits.scope, counter.scope),
        eq(rateLimits.key, counter.key),
        eq(rateLimits.windowStart, windowStart),
        gt(rateLimits.hits, 0),
      ),
    );
}

export async function deleteCounter(db: DbOrTx, counter: CounterKey): Promise<void> {
  await db.delete(rateLimits).where(and(eq(rateLimits.scope, counter.scope), eq(rateLimits.key, counter.key)));
}

/** Removes each scope's counters whose window started at or before that scope's `before` (its window has ended). */
export async function deleteEndedCounters(db: DbOrTx, ended: Array<{ scope: string; before: Date }>): Promise<void> {
  if (ended.length === 0) return;
  await db
    .delete(rateLimits)
    .where(or(...ended.map((e) => and(eq(rateLimits.scope, e.scope), lte(rateLimits.windowStart, e.before)))));
}
