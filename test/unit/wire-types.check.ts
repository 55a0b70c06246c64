/**
 * Compile-time check (run by `tsc`, i.e. `npm run typecheck`): no procedure of the app router returns a `Date`
 * anywhere in its output, subscriptions included. There is no tRPC transformer, so a Date crosses the wire as
 * a string while the server's own type still says Date; instants are ISO strings in the DTOs instead
 * (`shared/wire.ts`, STYLE.md "Dates cross the wire as ISO strings with offset").
 *
 * `inferRouterOutputs` cannot be checked for this: without a transformer tRPC already rewrites a Date to string
 * in that type (its `Serialize`), which hides the mismatch. What the resolvers return is checked instead.
 *
 * When it fails, tsc names each offender as `"<router>.<procedure>: <path to the field>"`.
 */
import type { AnyProcedure, inferProcedureOutput } from '@trpc/server';
import type { AppRouter } from '../../server/trpc/root';

/** The dotted paths at which T holds a Date (never when there is none). */
export type DatePaths<T, P extends string = ''> = T extends Date
  ? P
  : T extends AsyncIterable<infer U>
    ? DatePaths<U, `${P}<event>`>
    : T extends PromiseLike<infer U>
      ? DatePaths<U, P>
      : T extends readonly (infer U)[]
        ? DatePaths<U, `${P}[]`>
        : T extends object
          ? { [K in keyof T & string]-?: DatePaths<T[K], `${P}.${K}`> }[keyof T & string]
          : never;

/** The offenders of a router record, one `"<procedure path>: <field path>"` each. */
type RouterDatePaths<R, P extends string = ''> = {
  [K in keyof R & string]: R[K] extends AnyProcedure
    ? DatePaths<inferProcedureOutput<R[K]>, `${P}${K}:`>
    : RouterDatePaths<R[K], `${P}${K}.`>;
}[keyof R & string];

/** Compiles only when T is never. */
export type ExpectNone<T extends never> = T;

export type AppRouterHasNoDates = ExpectNone<RouterDatePaths<AppRouter['_def']['record']>>;

// The check catches a Date at any depth: if it ever stopped doing so, these expectations would be unused and tsc
// would fail on them.
// @ts-expect-error a top-level Date
export type CatchesTopLevel = ExpectNone<DatePaths<Date>>;
// @ts-expect-error a Date inside arrays of objects
export type CatchesNested = ExpectNone<DatePaths<{ a: { b: { at: Date | null }[] } }>>;
// @ts-expect-error a Date in a subscription's events
export type CatchesEvents = ExpectNone<DatePaths<AsyncIterable<{ at?: Date }>>>;
export type AllowsStrings = ExpectNone<DatePaths<{ a: { at: string | null }[]; n: number }>>;
