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
import type { BlockMeta } from '../../../shared/schemas/blocks';
import { addDays } from '../../../shared/time';
import type { Node } from '../../helpers/input-schemas';

/**
 * Pools: 'token', 'badge', 'loanRef', 'any' (ids of every kind) and one per entity ('visit', 'case', 'crew' …)
 * for ids, named after the field ("visitId" → 'visit'; an "id" after its router: complaints.assign.id → 'complaint').
 */
export type PoolName = string;

/** The entity an id field names. */
export function entityOf(path: string): string {
  const parts = path.replace(/\[\]/g, '').split('.');
  const field = parts[parts.length - 1] ?? '';
  if (field === 'id') return (parts[0] ?? '').replace(/s$/, '');
  return field.replace(/Ids?$/, '');
}

/** A value to take from a pool when the call is made. */
export class PoolPick {
  constructor(
    readonly pool: PoolName,
    readonly index: number,
  ) {}
}

/** A value from a pool, chosen when the call is made. */
export const pick = (pool: PoolName) => fc.nat().map((i) => new PoolPick(pool, i));

const HUGE = 'x'.repeat(100_000);
const WRONG_TYPES: unknown[] = [null, 42, -1, 'text', [], {}, true, { nested: [null] }];

/** Strings no block should let through, whatever the field. */
const hostileString = fc.oneof(
  // What broke the database before the input blocks: NUL, lone surrogates, 100k characters.
  {
    arbitrary: fc.constantFrom('a\u0000b', '\u0000', 'ab\ud800cd', '\udc00', 'end\ud83d', HUGE, `${HUGE}\u0000`),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom(
      '',
      '   ',
      '\u001b[31mred',
      'line\r\nbreak',
      '\u202eevil',
      "'; drop table visits; --",
      '%_\\',
      '{{7*7}} #{7*7}',
      '../../etc/passwd',
      '2026-02-30',
      'null',
    ),
    weight: 2,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
);

/** Text a person might really type, hostile but storable: other scripts, emoji, SQL and LIKE characters. */
function plausibleText(meta: BlockMeta) {
  const min = meta.minLength ?? 0;
  const max = Math.min(meta.maxLength ?? 40, 60);
  return fc.oneof(
    fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, max) }),
    fc.constantFrom(
      '逾期还款 张三',
      'ok 😀👍🏽',
      "O'Brien % _ \\",
      'Ünïcödé ñ',
      'ﷺ عربى',
      'x'.repeat(meta.maxLength ?? 1),
    ),
  );
}

function dateArb(today: string, valid: boolean) {
  if (valid) {
    return fc.oneof(
      fc.integer({ min: -20, max: 20 }).map((d) => addDays(today, d)),
      fc.constantFrom('2000-01-01', '2099-12-31', '2028-02-29'),
    );
  }
  return fc.constantFrom('2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '2026-1-1', '2026-02-29', 'today');
}

function instantArb(valid: boolean) {
  if (valid) {
    // Around now, on slot-like hours, with and without an offset, so some land inside real slots and shifts.
    return fc
      .record({ days: fc.integer({ min: -3, max: 10 }), hour: fc.integer({ min: 0, max: 23 }), z: fc.boolean() })
      .map(({ days, hour, z }) => {
        const t = new Date(Date.now() + days * 86_400_000);
        t.setUTCHours(hour, 0, 0, 0);
        const iso = t.toISOString();
        return z ? iso : iso.replace('Z', '+00:00');
      });
  }
  return fc.constantFrom(
    '2026-02-30T10:00:00Z',
    '2026-05-04T25:00:00Z',
    '2026-05-04T10:00:00',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1969-12-31T23:59:59.999999999Z',
    'NaN',
  );
}

const BAD_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  0,
  -0,
  0.5,
  1.5,
  2_147_483_647,
  2_147_483_648,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
];

function numberArb(meta: BlockMeta, valid: boolean) {
  const min = meta.min ?? 0;
  const max = meta.max ?? 100;
  if (!valid) return fc.constantFrom(...BAD_NUMBERS, min - 1, max + 1, String(min));
  if (meta.block === 'number') return fc.double({ min, max, noNaN: true });
  // Small values most of the time: versions, pages and limits that exist.
  return fc.oneof(
    { arbitrary: fc.integer({ min, max: Math.min(max, min + 5) }), weight: 3 },
    { arbitrary: fc.integer({ min, max }), weight: 1 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
  );
}

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function blockArb(meta: BlockMeta, today: string, valid: boolean, path = ''): fc.Arbitrary<unknown> {
  if (!valid) {
    const typed =
      meta.block === 'date'
        ? dateArb(today, false)
        : meta.block === 'instant'
          ? instantArb(false)
          : ['int', 'number', 'cents'].includes(meta.block)
            ? numberArb(meta, false)
            : hostileString;
    return typed;
  }
  switch (meta.block) {
    case 'id':
      // Mostly an id of the kind the field names (the caller's own or another team's), else any row or none.
      return fc.oneof(
        { arbitrary: pick(entityOf(path)), weight: 8 },
        { arbitrary: pick('any'), weight: 1 },
        { arbitrary: fc.uuid({ version: 4 }), weight: 1 },
      );
    case 'date':
      return dateArb(today, true);
    case 'instant':
      return instantArb(true);
    case 'int':
    case 'number':
    case 'cents':
      return numberArb(meta, true);
    case 'opaque':
      return fc.oneof({ arbitrary: pick('token'), weight: 3 }, { arbitrary: fc.string({ maxLength: 40 }), weight: 1 });
    case 'base64':
      return fc.constantFrom(PNG, 'TVqQAAMAAAAEAAAA', 'PGh0bWw+PC9odG1sPg==', 'AAAA');
    case 'requestKey':
      // Fresh keys, and now and then one of a few reused ones (a retry, or the same key for another call).
      return fc.oneof(
        { arbitrary: fc.uuid({ version: 4 }), weight: 6 },
        { arbitrary: fc.constantFrom('fuzz-replay-0001', 'fuzz-replay-0002'), weight: 1 },
      );
    case 'pattern':
      return fc.oneof(
        { arbitrary: fc.constant(meta.example ?? ''), weight: 2 },
        { arbitrary: pick('badge'), weight: 1 },
      );
    case 'text':
      return plausibleText(meta);
  }
}

function rawGuess(node: Extract<Node, { kind: 'raw' }>, today: string): fc.Arbitrary<unknown> {
  if (node.zodType === 'number') return numberArb({ block: 'int', min: 1, max: 5 }, true);
  if (node.zodType !== 'string') return fc.constantFrom(...WRONG_TYPES);
  if (node.format === 'uuid') return pick('any');
  if (node.format === 'datetime') return instantArb(true);
  return fc.oneof(
    dateArb(today, true),
    dateArb(today, false),
    pick('token'),
    plausibleText({ block: 'text', minLength: 8, maxLength: 40 }),
  );
}

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
