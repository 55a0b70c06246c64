import type { sql } from 'drizzle-orm';
import type { DbHandle } from '../../server/db/client';

/** The rows of a raw query, whichever driver ran it (PGlite answers `{ rows }`, postgres.js an array). */
export async function rows<T>(handle: DbHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  const r = (await handle.db.execute(query)) as unknown;
  return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
}
