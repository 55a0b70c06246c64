import { and, eq, inArray, sql } from 'drizzle-orm';
import { travelPairs } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** One directed pair as a road engine answered it; null seconds: no route. */
export interface StoredPair {
  fromKey: string;
  toKey: string;
  seconds: number | null;
  metres: number | null;
}

/** Rows per INSERT: 5 parameters each stays far below PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1000;

/** Every stored pair of `provider` between any two of `keys`: one SELECT for a whole team-day. */
export async function findPairs(db: DbOrTx, provider: string, keys: string[]): Promise<StoredPair[]> {
  if (keys.length < 2) return [];
  return db
    .select({
      fromKey: travelPairs.fromKey,
      toKey: travelPairs.toKey,
      seconds: travelPairs.seconds,
      metres: travelPairs.metres,
    })
    .from(travelPairs)
    .where(
      and(eq(travelPairs.provider, provider), inArray(travelPairs.fromKey, keys), inArray(travelPairs.toKey, keys)),
    );
}

/** Stores pairs; one already there (another instance asked at the same time) is kept as it is, without error. */
export async function insertPairs(db: DbOrTx, provider: string, pairs: StoredPair[]): Promise<void> {
  for (let i = 0; i < pairs.length; i += INSERT_CHUNK) {
    await db
      .insert(travelPairs)
      .values(pairs.slice(i, i + INSERT_CHUNK).map((p) => ({ provider, ...p })))
      .onConflictDoNothing();
  }
}

/** Deletes every pair of `provider`; returns how many there were. */
export async function deletePairs(db: DbOrTx, provider: string): Promise<number> {
  // Counted in SQL: a city's cache holds millions of pairs, which need not travel back to be counted.
  const result = (await db.execute(
    sql`with gone as (delete from ${travelPairs} where ${travelPairs.provider} = ${provider} returning 1)
        select count(*) as n from gone`,
  )) as unknown as { rows: Array<{ n: string | number }> };
  return Number(result.rows[0]?.n ?? 0);
}
