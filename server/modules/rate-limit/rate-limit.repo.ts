import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { rateLimits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** One counter: which limit, whose key. */
export interface CounterKey {
  scope: string;
  key: string;
}

/**
 * Counts one attempt and returns the counter as it stands after it — one statement, so concurrent attempts on
 * the same key queue on its row (PostgreSQL's upsert takes the row lock) and each sees the count its own
 * attempt made. A window older than `windowMs` starts again at `now` with this attempt as its first.
 */
export async function countAttempt(
  db: DbOrTx,
  counter: CounterKey,
  now: Date,
  windowMs: number,
): Promise<{ windowStart: Date; hits: number }> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const expired = sql`${rateLimits.windowStart} <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`;
  const [row] = await db
    .insert(rateLimits)
    .values({ ...counter, windowStart: now, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.scope, rateLimits.key],
      set: {
        windowStart: sql`case when ${expired} then ${at} else ${rateLimits.windowStart} end`,
        hits: sql`case when ${expired} then 1 else ${rateLimits.hits} + 1 end`,
      },
    })
    .returning({ windowStart: rateLimits.windowStart, hits: rateLimits.hits });
  if (!row) throw new Error('rate limit upsert returned no row');
  return row;
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

/** Removes counters whose window started at or before `before`. */
export async function deleteCountersBefore(db: DbOrTx, before: Date): Promise<void> {
  await db.delete(rateLimits).where(lte(rateLimits.windowStart, before));
}
