import type { DbOrTx } from './client';

/**
 * A hot read built once per database handle (or open transaction) as a named prepared statement with placeholders,
 * as auth.repo's session lookup is: drizzle builds a statement's SQL text anew on every call, which for a board's
 * joins cost the app 120–400 µs of CPU per statement (docs/scale.md, session 30), and a named statement is parsed and
 * planned once per connection. `build` gets the handle and returns the query's `.prepare(name)`; the name must be
 * unique to its text (PostgreSQL keeps it per connection). PGlite ignores the name. Inside a transaction the statement
 * is built once for that transaction (rarely worth it, never wrong).
 */
export function builtOnce<Q>(build: (db: DbOrTx) => Q): (db: DbOrTx) => Q {
  const built = new WeakMap<DbOrTx, Q>();
  return (db) => {
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
