/**
 * fast-check arbitraries derived from a procedure's input tree (test/helpers/input-schemas.ts): mostly
 * well-formed values (so calls reach the services and the database) with hostile ones mixed in at every
 * level — NUL, lone surrogates, 100k-character strings, impossible dates, huge / negative / NaN / fractional
 * numbers, wrong types, missing and extra fields, ids that do not exist or belong to another team.
 *
 * Ids, slot-link tokens, badge codes and loan references are drawn from pools filled from the seeded database
 * and from earlier answers. The generator emits a `PoolPick` (which pool, which index) and the runner resolves
 * it just before the call, so one seed gives the same sequence of calls even though new rows get random ids.
 */
import fc from 'fast-check';
import type { Node } from '../../helpers/input-schemas';
import { blockArb, HUGE, hostileString, rawGuess, WRONG_TYPES } from './fuzz-values';

/** Per-field overrides where a generic value cannot get past the first check (a CSV file, a login). */
export type Hints = Record<string, (today: string) => fc.Arbitrary<unknown>>;

interface Ctx {
  today: string;
  /** "procedure.field.sub[]": what hints and the hostile spot are keyed by. */
  path: string;
  hints: Hints;
  /** The one place that gets a hostile value (null: none — a well-formed input). */
  hostileAt: string | null;
}

const wrongType = fc.constantFrom(...WRONG_TYPES);

/** A well-formed value with a NUL, a lone surrogate or an escape character slipped in, or padded to 100k. */
function corrupted(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('\u0000', '\ud800', '\udfff', '\u001b', HUGE))
    .map(([v, at, bad]) => {
      if (typeof v !== 'string') return bad;
      const i = at % (v.length + 1);
      return v.slice(0, i) + bad + v.slice(i);
    });
}

/** A hostile value: malformed for its kind, a corrupted good one, a string no block should pass, the wrong type. */
function hostileFor(node: Node, ctx: Ctx): fc.Arbitrary<unknown> {
  const typed =
    node.kind === 'block'
      ? blockArb(node.meta, ctx.today, false)
      : node.kind === 'array'
        ? fc.array(fc.constant(null), { minLength: node.max + 1, maxLength: node.max + 1 })
        : hostileString;
  return fc.oneof(
    { arbitrary: typed, weight: 3 },
    { arbitrary: corrupted(valueFor(node, { ...ctx, hostileAt: null })), weight: 3 },
    { arbitrary: hostileString, weight: 1 },
    { arbitrary: wrongType, weight: 1 },
  );
}

/** A well-formed value for a node, with the hostile spot (if it lies below) filled in. */
function valueFor(node: Node, ctx: Ctx): fc.Arbitrary<unknown> {
  if (ctx.hostileAt === ctx.path) return hostileFor(node, ctx);
  const hint = ctx.hints[ctx.path];
  if (hint) return hint(ctx.today);
  switch (node.kind) {
    case 'block':
      return blockArb(node.meta, ctx.today, true, ctx.path);
    case 'enum':
    case 'literal':
      return fc.constantFrom(...(node.kind === 'enum' ? node.values : node.values));
    case 'boolean':
      return fc.boolean();
    case 'union':
      return fc.oneof(...node.options.map((o) => valueFor(o, ctx)));
    case 'optional': {
      const inner = valueFor(node.inner, ctx);
      // The hostile spot inside an optional field must be sent, not left out.
      return ctx.hostileAt?.startsWith(ctx.path) ? inner : fc.option(inner, { nil: undefined, freq: 3 });
    }
    case 'array': {
      const element = valueFor(node.element, { ...ctx, path: `${ctx.path}[]` });
      const min = ctx.hostileAt?.startsWith(`${ctx.path}[]`) ? Math.max(1, node.min) : node.min;
      return fc.array(element, { minLength: min, maxLength: Math.max(min, Math.min(node.max, node.min + 3)) });
    }
    case 'object':
      return fc.record(
        Object.fromEntries(
          Object.entries(node.fields).map(([k, v]) => [k, valueFor(v, { ...ctx, path: `${ctx.path}.${k}` })]),
        ),
      );
    case 'raw':
      // A leaf that is no block (the unit test refuses those in the router): guess from its zod type, so the
      // fuzz still gets past validation with well-formed values and reaches the code behind it.
      return rawGuess(node, ctx.today);
  }
}

/** Every path of a tree where a hostile value can go (fields, array elements, the input itself). */
function spotsOf(node: Node, path: string): string[] {
  switch (node.kind) {
    case 'object':
      return [path, ...Object.entries(node.fields).flatMap(([k, v]) => spotsOf(v, `${path}.${k}`))];
    case 'array':
      return [path, ...spotsOf(node.element, `${path}[]`)];
    case 'optional':
      return spotsOf(node.inner, path);
    default:
      return [path];
  }
}

/** Drops a field or adds an unknown one (`__proto__` included) at the top of an object input. */
const reshaped = (value: fc.Arbitrary<unknown>, keys: string[]) =>
  fc
    .record({
      value,
      drop: fc.option(fc.constantFrom(...(keys.length ? keys : ['_'])), { freq: 2 }),
      extra: fc.option(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'extra', 'id'), hostileString), {
        freq: 2,
      }),
    })
    .map(({ value: v, drop, extra }) => {
      if (!v || typeof v !== 'object') return v;
      const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      if (drop !== null) delete out[drop];
      if (extra !== null) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true });
      return out;
    });

/**
 * The input of a procedure: well-formed (so calls reach the services), or well-formed but for one hostile
 * spot (so the hostile value reaches the code behind validation), or reshaped, or no object at all.
 */
export function inputArbitrary(node: Node | null, opts: { today: string; path: string; hints: Hints }) {
  const junk = fc.constantFrom<unknown>(undefined, null, 'input', 7, [], [{}], HUGE);
  if (!node) return fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: junk, weight: 1 });
  const ctx: Ctx = { ...opts, hostileAt: null };
  const spots = spotsOf(node, opts.path);
  const keys = node.kind === 'object' ? Object.keys(node.fields) : [];
  return fc.oneof(
    { arbitrary: valueFor(node, ctx), weight: 4 },
    { arbitrary: fc.oneof(...spots.map((spot) => valueFor(node, { ...ctx, hostileAt: spot }))), weight: 8 },
    { arbitrary: reshaped(valueFor(node, ctx), keys), weight: 1 },
    { arbitrary: junk, weight: 1 },
  );
}
