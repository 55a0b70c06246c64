/**
 * How an instant crosses the wire: an ISO 8601 string with offset (`2026-03-02T06:00:00.000Z`). There is no tRPC
 * transformer, so a Date in a procedure's output would reach the client as this string anyway while the server's
 * type still said Date; DTOs say string instead, and `test/unit/wire-types.check.ts` refuses a Date in any output.
 */

/** A row with each Date field (nullable or not) turned into its ISO string. */
type WithIsoInstants<T> = {
  [K in keyof T]: Date extends T[K] ? Exclude<T[K], Date> | string : T[K];
};

/** An instant as ISO 8601 with offset; null stays null. */
export function iso(at: Date): string;
export function iso(at: Date | null): string | null;
export function iso(at: Date | null | undefined): string | null | undefined;
export function iso(at: Date | null | undefined): string | null | undefined {
  return at instanceof Date ? at.toISOString() : at;
}

/** The one mapping at a DTO boundary: every Date field of a row (one level deep) as an ISO string. */
export function withIsoInstants<T extends object>(row: T): WithIsoInstants<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
  return out as WithIsoInstants<T>;
}
