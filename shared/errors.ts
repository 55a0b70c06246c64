/** Domain errors: services throw AppError, one place on the server turns it into a tRPC error. */

import { APPOINTMENT_ERRORS } from './error-defs/appointments';
import { CORE_ERRORS } from './error-defs/core';
import { DISPATCH_ERRORS } from './error-defs/dispatch';
import { FIELD_ERRORS } from './error-defs/field';
import { INPUT_ERRORS } from './error-defs/input';
import { INTAKE_ERRORS } from './error-defs/intake';
import { MESSAGE_ERRORS } from './error-defs/messages';
import { ORG_ERRORS } from './error-defs/org';
import { OVERSIGHT_ERRORS } from './error-defs/oversight';
import { SYSTEM_ERRORS } from './error-defs/system';
import { TEAM_ERRORS } from './error-defs/teams';
import type { ErrorDef } from './error-defs/types';
import { VALIDATION_ERRORS } from './error-defs/validation';
import { type Locale, translate } from './messages/catalogue';

export type { AppErrorStatus, ErrorDef } from './error-defs/types';

/**
 * Every domain error code. Each area keeps its own catalogue in `error-defs/<area>.ts` (one owner per file);
 * they are merged here so one place converts any of them.
 */
export const ERROR_DEFS = {
  ...CORE_ERRORS,
  ...FIELD_ERRORS,
  ...DISPATCH_ERRORS,
  ...OVERSIGHT_ERRORS,
  ...APPOINTMENT_ERRORS,
  ...SYSTEM_ERRORS,
  ...INPUT_ERRORS,
  ...VALIDATION_ERRORS,
  ...TEAM_ERRORS,
  ...ORG_ERRORS,
  ...INTAKE_ERRORS,
  ...MESSAGE_ERRORS,
} as const satisfies Record<string, ErrorDef>;

export type AppErrorCode = keyof typeof ERROR_DEFS;
export type { Locale } from './messages/catalogue';

/** Picks the supported locale from a header value or a stored preference ("zh", "zh-CN,zh;q=0.9" → zh-CN). */
export function pickLocale(value: string | null | undefined): Locale {
  return value?.trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The message of an error code in a language, with its details interpolated. */
export function formatErrorMessage(code: AppErrorCode, locale: Locale, details: Record<string, unknown> = {}): string {
  return translate<AppErrorCode>(ERROR_DEFS, code, locale, details);
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly details: Record<string, unknown> = {},
    /** Field errors keyed by input path, e.g. { "slotEnd": "must be after the start" }. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(formatErrorMessage(code, 'en', details));
    this.name = 'AppError';
  }
}
