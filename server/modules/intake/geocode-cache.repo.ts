/** The SQL of the geocoder's cache: one answer (or "nothing found") per normalised query. */
import { inArray, sql } from 'drizzle-orm';
import { geocodeCache } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

export type CachedGeocode = typeof geocodeCache.$inferSelect.result;

/** The cached answers for these queries (a query never asked is absent; "nothing found" is present as null). */
export async function findCachedGeocodes(db: DbOrTx, queries: string[]): Promise<Map<string, CachedGeocode>> {
  if (queries.length === 0) return new Map();
  const rows = await db
    .select({ query: geocodeCache.query, result: geocodeCache.result })
    .from(geocodeCache)
    .where(inArray(geocodeCache.query, queries));
  return new Map(rows.map((r) => [r.query, r.result]));
}

/** Stores (or refreshes) the answer for a query. */
export async function storeGeocode(db: DbOrTx, query: string, result: CachedGeocode, at: Date): Promise<void> {
  await db
    .insert(geocodeCache)
    .values({ query, result, fetchedAt: at })
    .onConflictDoUpdate({ target: geocodeCache.query, set: { result: sql`excluded.result`, fetchedAt: at } });
}
