/**
 * The leaf values of the procedure fuzz: well-formed and hostile values per input block (text, dates,
 * instants, numbers, ids …) and the pools real ids are drawn from when a call is made.
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

export const HUGE = 'x'.repeat(100_000);
export const WRONG_TYPES: unknown[] = [null, 42, -1, 'text', [], {}, true, { nested: [null] }];

/** Strings no block should let through, whatever the field. */
export const hostileString = fc.oneof(
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

export function blockArb(meta: BlockMeta, today: string, valid: boolean, path = ''): fc.Arbitrary<unknown> {
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

export function rawGuess(node: Extract<Node, { kind: 'raw' }>, today: string): fc.Arbitrary<unknown> {
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
