/**
 * How an instant crosses the wire: an ISO 8601 string with offset (`2026-03-02T06:00:00.000Z`). There is no tRPC
 * transformer, so a Date in a procedure's output would reach the client as this string anyway while the server's
 * type still said Date; DTOs say string instead, and `test/unit/wire-types.check.ts` refuses a Date in any output.
 */

/** A row with each Date field (nullable or not) turned into its ISO string. */
type WithIsoInstants<T> = {
  [K in keyof T]: Date extends T[K] ? Exclude<T[K], Date> | string : T[K];
};

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `at.toISOString()`, built from the UTC fields: V8's own took ~1.3 µs an instant, 2.5 times this, and a board
 * answer writes ~300 of them (docs/scale.md, session 33). Years outside 1000–9999 (six-digit and signed forms) and
 * an invalid date (RangeError) are left to V8's.
 */
function isoString(at: Date): string {
  const year = at.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return at.toISOString();
  const ms = at.getUTCMilliseconds();
  return `${year}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}T${two(at.getUTCHours())}:${two(
    at.getUTCMinutes(),
  )}:${two(at.getUTCSeconds())}.${ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : ms}Z`;
}

/** An instant as ISO 8601 with offset (`Date#toISOString`'s string); null stays null. */
export function iso(at: Date): string;
export function iso(at: Date | null): string | null;
export function iso(at: Date | null | undefined): string | null | undefined;
export function iso(at: Date | null | undefined): string | null | undefined {
  return at instanceof Date ? isoString(at) : at;
}

/** An instant given in epoch milliseconds as ISO 8601 (`new Date(ms).toISOString()`). */
export function isoAt(ms: number): string {
  return isoString(new Date(ms));
}

/** The one mapping at a DTO boundary: every Date field of a row (one level deep) as an ISO string. */
export function withIsoInstants<T extends object>(row: T): WithIsoInstants<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? isoString(value) : value;
  return out as WithIsoInstants<T>;
}
