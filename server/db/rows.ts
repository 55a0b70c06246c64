/** The rows of a raw `db.execute(sql)`, whichever driver ran it (node-postgres and PGlite answer `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
