import { type Placeholder, sql } from 'drizzle-orm';
import { builtOnce } from './built-once';
import type { DbOrTx } from './client';

/** How many shapes a handle keeps built per statement; past it the oldest is built again when asked. */
const SHAPES_KEPT = 128;

/**
 * A statement whose text depends on its input's shape (which filters are present, how many teams, the sort) built
 * once per shape and database handle, with placeholders for the values: drizzle builds a text anew on every call
 * (the worklist's 0.3–0.4 ms of app CPU, the dashboard's team-day union 0.8–0.96 ms; docs/scale.md, sessions 33–34).
 * `key` names the shape: two inputs with one key must build one text. `build` returns the prepared statement
 * (prepareNamed, so the pool names it by its text within its caps). At most SHAPES_KEPT shapes are kept per handle,
 * so that inputs varied on purpose cannot grow the process.
 */
export function builtPerShape<S, Q>(key: (shape: S) => string, build: (db: DbOrTx, shape: S) => Q) {
  const shapesOf = builtOnce(() => new Map<string, Q>());
  return (db: DbOrTx, shape: S): Q => {
    const shapes = shapesOf(db);
    const k = key(shape);
    let query = shapes.get(k);
    if (query === undefined) {
      if (shapes.size >= SHAPES_KEPT) shapes.delete(shapes.keys().next().value as string);
      query = build(db, shape);
      shapes.set(k, query);
    }
    return query;
  };
}

/**
 * The name of a scope's i-th team in a statement built per shape: the shape holds how many teams, the statement one
 * placeholder per team (`teamPlaceholders`), and a request fills them with its teams (`teamValues`).
 */
export const teamPlaceholderName = (i: number) => `team${i}`;

/** One placeholder per team of a shape of `count` teams. */
export function teamPlaceholders(count: number): Placeholder[] {
  return Array.from({ length: count }, (_, i) => sql.placeholder(teamPlaceholderName(i)));
}

/** A request's teams as the values of `teamPlaceholders` (none when every team is in scope). */
export function teamValues(teamIds: readonly string[] | null | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  teamIds?.forEach((t, i) => {
    values[teamPlaceholderName(i)] = t;
  });
  return values;
}
