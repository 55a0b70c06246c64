import type { ZodError, ZodType } from 'zod';
import en from 'zod/v4/locales/en.js';
import { type AppErrorCode, ERROR_DEFS, formatErrorMessage, type Locale } from './errors';

type Issue = ZodError['issues'][number];

// Shared by the server's error formatter and the client's forms, so a form says before sending exactly what the
// server would answer.

const zodDefault = en().localeError;

/** The value the caller sent at an issue's path (undefined when absent). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** An explanation the schema wrote itself in English, not zod's default wording. */
function ownMessage(issue: Issue): string | null {
  const fallback = zodDefault(issue as never);
  const standard = typeof fallback === 'string' ? fallback : fallback?.message;
  return issue.message && issue.message !== standard ? issue.message : null;
}

const isNumeric = (origin: string) => origin === 'number' || origin === 'int' || origin === 'bigint';

/** The catalogue code an issue stands for when the schema did not name one. */
function fieldCode(issue: Issue): AppErrorCode {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'NUMBER_NOT_WHOLE';
      if (issue.expected === 'number') return 'NUMBER_EXPECTED';
      if (issue.expected === 'string') return 'TEXT_EXPECTED';
      return 'VALUE_INVALID';
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'TEXT_REQUIRED' : 'TEXT_TOO_SHORT';
      if (issue.origin === 'array' || issue.origin === 'set') return 'LIST_TOO_SHORT';
      if (isNumeric(issue.origin)) return issue.inclusive === false ? 'NUMBER_NOT_ABOVE' : 'NUMBER_TOO_SMALL';
      return 'VALUE_INVALID';
    case 'too_big':
      if (issue.origin === 'string') return 'TEXT_TOO_LONG';
      if (issue.origin === 'array' || issue.origin === 'set') return 'LIST_TOO_LONG';
      if (isNumeric(issue.origin)) return issue.inclusive === false ? 'NUMBER_NOT_BELOW' : 'NUMBER_TOO_LARGE';
      return 'VALUE_INVALID';
    case 'invalid_format':
      if (issue.format === 'email') return 'EMAIL_FORMAT';
      if (issue.format === 'url') return 'URL_FORMAT';
      if (issue.format === 'date') return 'DATE_FORMAT';
      if (issue.format === 'datetime') return 'INSTANT_FORMAT';
      if (/^(uuid|guid)/.test(issue.format)) return 'ID_FORMAT';
      return 'TEXT_PATTERN';
    case 'invalid_value':
      return 'CHOICE_INVALID';
    default:
      return 'VALUE_INVALID';
  }
}

/**
 * One failed input check as a field message in the caller's language. A field left out is "required" whatever
 * its type; a schema message that is an error code (the input blocks) is that code's text with the issue's
 * numbers; an explanation the schema wrote in English stays for English; everything else comes from the
 * catalogue by the kind of check — never zod's own wording ("数值过小：期望 string >=10 字符").
 */
function fieldMessage(issue: Issue, locale: Locale, input: unknown): string {
  const details = { ...issue, ...('params' in issue ? issue.params : undefined) };
  const leftOut = issue.code === 'invalid_type' || issue.code === 'invalid_value';
  if (leftOut && valueAt(input, issue.path) === undefined) {
    return formatErrorMessage('TEXT_REQUIRED', locale);
  }
  if (issue.message in ERROR_DEFS) return formatErrorMessage(issue.message as AppErrorCode, locale, details);
  const own = issue.code === 'custom' || issue.code === 'invalid_format' ? ownMessage(issue) : null;
  if (own && (locale === 'en' || issue.code === 'custom')) return own;
  return formatErrorMessage(fieldCode(issue), locale, details);
}

/** Every issue of a failed parse as a field message, keyed by its dotted path ("_" for the input as a whole). */
function zodFieldErrors(error: ZodError, locale: Locale, input: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    out[key] ??= fieldMessage(issue, locale, input);
  }
  return out;
}

/** What the server answers when its schema refuses an input: the form's message and one message per field. */
export interface InputRefusal {
  message: string;
  fieldErrors: Record<string, string>;
}

/** A failed parse in the caller's words: what the error formatter sends and what a form shows before sending. */
export function inputRefusal(error: ZodError, locale: Locale, input: unknown): InputRefusal {
  return { message: formatErrorMessage('VALIDATION', locale), fieldErrors: zodFieldErrors(error, locale, input) };
}

/**
 * What the server would answer to `input` under the procedure's own `schema`, or null when it passes: a form
 * calls this before sending, so it refuses exactly what the server refuses, in the same words.
 */
export function checkInput(schema: ZodType, input: unknown, locale: Locale): InputRefusal | null {
  const parsed = schema.safeParse(input);
  return parsed.success ? null : inputRefusal(parsed.error, locale, input);
}
