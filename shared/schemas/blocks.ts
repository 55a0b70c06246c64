/**
 * The building blocks of every input schema. Each leaf a procedure reads — text, date, instant, number, id —
 * is one of these, so a rule about what may reach the database is written once: text without NUL or lone
 * surrogates and with a length cap, dates that exist, amounts the int4 columns hold. Each block registers
 * itself in `inputBlocks`; test/unit/shared/input-blocks.test.ts walks every procedure of the router and fails
 * on a leaf that is not a registered block (a bare `z.string()` or a block changed after it was built).
 *
 * Messages are error codes of shared/error-defs/input.ts: the error formatter writes them in the caller's
 * language next to the field.
 */
import { z } from 'zod';
import type { INPUT_ERRORS } from '../error-defs/input';
import { unsafeCharIn } from '../text';
import { calendarDateProblem, DATE_YEARS } from '../time';
import { cnIdProblem } from '../validation/cn-id';

type InputErrorCode = keyof typeof INPUT_ERRORS;

type BlockKind =
  | 'text'
  | 'pattern'
  | 'requestKey'
  | 'opaque'
  | 'base64'
  | 'id'
  | 'date'
  | 'instant'
  | 'int'
  | 'number'
  | 'cents';

/** What a block accepts, for the tests that read the schemas (valid examples, bounds to probe). */
export interface BlockMeta {
  block: BlockKind;
  minLength?: number;
  maxLength?: number;
  multiline?: boolean;
  min?: number;
  max?: number;
  /** A value the block accepts (for pattern blocks, whose shape a generator cannot guess). */
  example?: string;
}

/** Every block instance. Membership is by identity: `.min(3)` on a block makes a new schema that is not in it. */
export const inputBlocks = z.registry<BlockMeta>();

function register<S extends z.ZodType>(schema: S, meta: BlockMeta): S {
  inputBlocks.add(schema, meta);
  return schema;
}

/** The placeholders of the date messages. */
export const DATE_PARAMS = { minYear: DATE_YEARS.min, maxYear: DATE_YEARS.max };

/** The message of each reason a string is not a usable date (see calendarDateProblem). */
export const DATE_PROBLEM_MESSAGES = {
  format: 'DATE_FORMAT',
  not_real: 'DATE_NOT_REAL',
  out_of_range: 'DATE_OUT_OF_RANGE',
} as const satisfies Record<NonNullable<ReturnType<typeof calendarDateProblem>>, InputErrorCode>;

function safeChars(multiline: boolean) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = unsafeCharIn(value, { multiline });
    if (problem) {
      const message: InputErrorCode = problem === 'control' ? 'TEXT_CONTROL_CHAR' : 'TEXT_LONE_SURROGATE';
      ctx.addIssue({ code: 'custom', message, continue: false });
    }
  };
}

/**
 * Free text a person types: trimmed (unless `trim: false`), `min`..`max` characters, no NUL or other control
 * character (tabs and line breaks only when `multiline`), no lone surrogate.
 */
export function text(opts: { max: number; min?: number; multiline?: boolean; trim?: boolean }) {
  const { max, min = 0, multiline = false, trim = true } = opts;
  let s = z.string({ error: 'TEXT_EXPECTED' satisfies InputErrorCode });
  if (trim) s = s.trim();
  if (min > 0) s = s.min(min, min === 1 ? 'TEXT_REQUIRED' : 'TEXT_TOO_SHORT');
  s = s.max(max, 'TEXT_TOO_LONG' satisfies InputErrorCode).superRefine(safeChars(multiline));
  return register(s, { block: 'text', minLength: min, maxLength: max, multiline });
}

/**
 * A short code or address of a fixed shape (username, badge code, file type, a complaint URL). Whatever the
 * pattern allows, no control character or lone surrogate passes (a negated class such as `[^\s<>]` lets a NUL
 * through, which PostgreSQL refuses with a 500): the block checks that after the pattern (whose own message
 * comes first when it refuses), as `text` does.
 */
export function pattern(
  re: RegExp,
  opts: { max: number; min?: number; message: InputErrorCode; example: string; upperCase?: boolean; trim?: boolean },
  kind: Extract<BlockKind, 'pattern' | 'requestKey'> = 'pattern',
) {
  let s = z.string({ error: 'TEXT_EXPECTED' satisfies InputErrorCode });
  if (opts.trim !== false) s = s.trim();
  if (opts.upperCase) s = s.toUpperCase();
  if (opts.min) s = s.min(opts.min, 'TEXT_TOO_SHORT' satisfies InputErrorCode);
  s = s
    .max(opts.max, 'TEXT_TOO_LONG' satisfies InputErrorCode)
    .regex(re, opts.message)
    .superRefine(safeChars(false));
  return register(s, { block: kind, minLength: opts.min, maxLength: opts.max, example: opts.example });
}

/**
 * A client-generated key that makes a mutation safe to retry (idempotency key, offline client id): a UUID in
 * practice, any 8–100 characters of a URL-safe alphabet accepted.
 */
export const requestKey = pattern(
  /^[A-Za-z0-9._:-]{8,100}$/,
  { max: 100, message: 'REQUEST_KEY_FORMAT', example: '3f0c9a52-7d1e-4b8a-9c61-0e2d5b7a4f18', trim: false },
  'requestKey',
);

/**
 * A secret only compared by shape and hash, never stored or echoed (the slot-link token): any text up to
 * `max`, so a cut-off or mistyped link gets the same "not valid" answer as an unknown one, not a form error.
 */
export function opaque(max: number) {
  return register(z.string({ error: 'TEXT_EXPECTED' satisfies InputErrorCode }).max(max, 'TEXT_TOO_LONG'), {
    block: 'opaque',
    maxLength: max,
  });
}

/** File content as standard base64 (what a browser's data URL carries), at most `max` characters. */
export function base64(max: number) {
  const s = z
    .string({ error: 'TEXT_EXPECTED' satisfies InputErrorCode })
    .min(1, 'TEXT_REQUIRED' satisfies InputErrorCode)
    .max(max, 'TEXT_TOO_LONG' satisfies InputErrorCode)
    // One character class and a length check: a grouped pattern ((?:x{4})*) overflows the regex stack on MBs.
    .refine((v) => v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v), {
      message: 'BASE64_FORMAT' satisfies InputErrorCode,
    });
  return register(s, { block: 'base64', minLength: 1, maxLength: max });
}

/** The id of a row (UUID). */
export const id = register(z.uuid({ error: 'ID_FORMAT' satisfies InputErrorCode }), { block: 'id' });

/** A list of ids, each named once (a repeat would be written twice and hit a unique key). */
export function ids(opts: { max: number; min?: number }) {
  return z
    .array(id)
    .min(opts.min ?? 0, 'LIST_TOO_SHORT' satisfies InputErrorCode)
    .max(opts.max, 'LIST_TOO_LONG' satisfies InputErrorCode)
    .refine((list) => new Set(list).size === list.length, { message: 'IDS_REPEATED' satisfies InputErrorCode });
}

/** A calendar date as YYYY-MM-DD that exists (no 2026-02-30, no month 13) within DATE_YEARS. */
export const calendarDate = register(
  z.string({ error: 'DATE_FORMAT' satisfies InputErrorCode }).superRefine((value, ctx) => {
    const problem = calendarDateProblem(value);
    // Not continuable: a schema's own refinements (from ≤ to) must not compare a date that is not one.
    if (problem) {
      ctx.addIssue({ code: 'custom', message: DATE_PROBLEM_MESSAGES[problem], params: DATE_PARAMS, continue: false });
    }
  }),
  { block: 'date' },
);

/** An instant as ISO 8601 with an offset ("…T14:00:00+08:00" or "…Z"), on a real day within DATE_YEARS. */
export const instant = register(
  z.iso.datetime({ offset: true, error: 'INSTANT_FORMAT' satisfies InputErrorCode }).superRefine((value, ctx) => {
    const year = Number(value.slice(0, 4));
    if (year < DATE_YEARS.min || year > DATE_YEARS.max) {
      const message: InputErrorCode = 'DATE_OUT_OF_RANGE';
      ctx.addIssue({ code: 'custom', message, params: DATE_PARAMS, continue: false });
    }
  }),
  { block: 'instant' },
);

/** A whole number within `min`..`max` (NaN, infinities and fractions refused). */
export function int(opts: { min: number; max: number }) {
  const s = z
    .number({ error: 'NUMBER_EXPECTED' satisfies InputErrorCode })
    .min(opts.min, 'NUMBER_TOO_SMALL' satisfies InputErrorCode)
    .max(opts.max, 'NUMBER_TOO_LARGE' satisfies InputErrorCode)
    .int('NUMBER_NOT_WHOLE' satisfies InputErrorCode);
  return register(s, { block: 'int', min: opts.min, max: opts.max });
}

/** A number within `min`..`max`, fractions allowed (coordinates, accuracy in metres). */
export function number(opts: { min: number; max: number }) {
  const s = z
    .number({ error: 'NUMBER_EXPECTED' satisfies InputErrorCode })
    .min(opts.min, 'NUMBER_TOO_SMALL' satisfies InputErrorCode)
    .max(opts.max, 'NUMBER_TOO_LARGE' satisfies InputErrorCode);
  return register(s, { block: 'number', min: opts.min, max: opts.max });
}

/** A positive 32-bit integer: row versions and other counters stored in int4 columns. */
const INT4_MAX = 2_147_483_647;

/**
 * The largest amount a payment, promise or instalment may have, in cents: ¥10,000,000.00 — above any consumer
 * loan the team collects, and below the 2,147,483,647 an int4 amount column holds.
 */
export const MAX_CENTS = 1_000_000_000;
/** The placeholder of AMOUNT_TOO_LARGE: MAX_CENTS in yuan. */
export const MAX_AMOUNT_PARAMS = { maxAmount: (MAX_CENTS / 100).toFixed(2) };

/** A money amount in cents: a whole number from 1 to MAX_CENTS. */
export const cents = register(
  z
    .number({ error: 'NUMBER_EXPECTED' satisfies InputErrorCode })
    .min(1, 'AMOUNT_NOT_POSITIVE' satisfies InputErrorCode)
    .refine((v) => v <= MAX_CENTS, {
      message: 'AMOUNT_TOO_LARGE' satisfies InputErrorCode,
      params: MAX_AMOUNT_PARAMS,
    })
    .int('NUMBER_NOT_WHOLE' satisfies InputErrorCode),
  { block: 'cents', min: 1, max: MAX_CENTS },
);

/** A row version for optimistic locking. */
export const version = int({ min: 1, max: INT4_MAX });

/** The message of each reason a string is not a resident ID number (see cnIdProblem). */
const CN_ID_MESSAGES = {
  format: 'CN_ID_FORMAT',
  birth_date: 'CN_ID_BIRTH_DATE',
  check_digit: 'CN_ID_CHECK_DIGIT',
} as const satisfies Record<NonNullable<ReturnType<typeof cnIdProblem>>, InputErrorCode>;

/**
 * A mainland resident ID number: trimmed, "x" upper-cased, its birth date real and its check character matching
 * (one mistyped digit is caught here, on the field, before anyone is matched by a wrong number).
 */
export const cnIdNumber = register(
  z
    .string({ error: 'TEXT_EXPECTED' satisfies InputErrorCode })
    .trim()
    .toUpperCase()
    .max(18, 'TEXT_TOO_LONG' satisfies InputErrorCode)
    .superRefine((value, ctx) => {
      const problem = cnIdProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: CN_ID_MESSAGES[problem], continue: false });
    }),
  { block: 'pattern', minLength: 18, maxLength: 18, example: '11010519491231002X' },
);

/** A mainland China mobile number: 11 digits starting with 1 and a network digit 3–9 (agents, borrowers). */
export const mobilePhone = pattern(/^1[3-9][0-9]{9}$/, { max: 11, message: 'MOBILE_FORMAT', example: '13812345678' });
