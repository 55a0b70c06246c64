import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { DefaultErrorShape } from '@trpc/server/unstable-core-do-not-import';
import { ZodError } from 'zod';
import { AppError, type AppErrorCode, ERROR_DEFS, formatErrorMessage, type Locale } from '../../shared/errors';
import { withEntityWords } from '../../shared/messages/entities';
import { inputRefusal } from '../../shared/validation-messages';
import { isStatementTimeout } from '../db/pg-errors';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable';
import type { Context } from './context';
import { uniqueConflictError } from './unique-conflicts';

/**
 * Extra data every error carries to the client: the domain code, its details, per-field messages, and the language
 * the message and the field messages are written in (a form drops a message in a language the user has switched
 * away from: only the server knows which language it answered in).
 */
export interface ErrorData {
  appCode: AppErrorCode | null;
  details: Record<string, unknown>;
  fieldErrors: Record<string, string>;
  locale: Locale;
}

const MESSAGE_CODES = new Set<string>(Object.keys(ERROR_DEFS));

/**
 * The domain error a thrown error stands for: an AppError as thrown, DATABASE_UNAVAILABLE for a lost database,
 * REPORT_TOO_SLOW for a statement past its timeout (only the reports' pool sets one),
 * and for a race lost on a unique constraint listed in unique-conflicts.ts what that means (the loser's
 * transaction has rolled back).
 */
function domainError(cause: unknown): AppError | null {
  if (cause instanceof AppError) return cause;
  if (isDatabaseUnavailable(cause)) return new AppError('DATABASE_UNAVAILABLE');
  if (isStatementTimeout(cause)) return new AppError('REPORT_TOO_SLOW');
  return uniqueConflictError(cause);
}

function toTRPCError(cause: AppError, locale: Locale): TRPCError {
  return new TRPCError({
    code: ERROR_DEFS[cause.code].status,
    message: formatErrorMessage(cause.code, locale, withEntityWords(cause.details, locale)),
    cause,
  });
}

/** The one place a thrown AppError (or a lost database, or a lost race) becomes a tRPC error, in the caller's language. */
export const convertAppErrors = async <T extends { ok: boolean }>(opts: {
  ctx: Context;
  next: () => Promise<T>;
}): Promise<T> => {
  const result = await opts.next();
  if (!result.ok) {
    const appError = domainError((result as unknown as { error: TRPCError }).error.cause);
    if (appError) throw toTRPCError(appError, opts.ctx.locale);
  }
  return result;
};

/**
 * Seconds a client should wait before trying again (the Retry-After header), or null: a lost database asks for
 * RETRY_AFTER_SECONDS, a limit (429) for the wait its error names (retryAfterSeconds, or minutes).
 */
export function retryAfterSeconds(errors: readonly TRPCError[]): number | null {
  let wait: number | null = null;
  for (const e of errors) {
    let s: number | null = null;
    if (e.code === 'SERVICE_UNAVAILABLE') s = RETRY_AFTER_SECONDS;
    else if (e.code === 'TOO_MANY_REQUESTS' && e.cause instanceof AppError) {
      const { retryAfterSeconds: secs, minutes } = e.cause.details as {
        retryAfterSeconds?: unknown;
        minutes?: unknown;
      };
      if (typeof secs === 'number') s = Math.ceil(secs);
      else if (typeof minutes === 'number') s = Math.ceil(minutes * 60);
    }
    if (s !== null && s > 0) wait = Math.max(wait ?? 0, s);
  }
  return wait;
}

/**
 * The same conversion for an error thrown while building the context (the session lookup), before any
 * procedure or middleware runs; anything else is rethrown as it is.
 */
export function contextError(err: unknown, locale: Locale): unknown {
  const appError = domainError(err);
  return appError ? toTRPCError(appError, locale) : err;
}

/**
 * The same conversion for a plain HTTP route outside tRPC (evidence files): the status tRPC would answer and a
 * JSON body with the code and the message in the caller's language. Anything else is rethrown as it is.
 */
export function httpErrorResponse(err: unknown, locale: Locale) {
  const appError = domainError(err);
  if (!appError) throw err;
  const error = toTRPCError(appError, locale);
  return {
    status: getHTTPStatusCodeFromError(error),
    body: { error: { code: appError.code, message: error.message } },
    retryAfter: retryAfterSeconds([error]),
  };
}

export function errorFormatter({
  shape,
  error,
  ctx,
  input,
}: {
  shape: DefaultErrorShape;
  error: TRPCError;
  ctx: Context | undefined;
  input?: unknown;
}) {
  const locale: Locale = ctx?.locale ?? 'en';
  const data: ErrorData = { appCode: null, details: {}, fieldErrors: {}, locale };
  let message = shape.message;
  if (error.cause instanceof AppError) {
    data.appCode = error.cause.code;
    data.details = error.cause.details;
    // A field message may be an error code: then it is written in the caller's language too.
    const { details } = error.cause;
    data.fieldErrors = Object.fromEntries(
      Object.entries(error.cause.fieldErrors).map(([field, msg]) => [
        field,
        MESSAGE_CODES.has(msg) ? formatErrorMessage(msg as AppErrorCode, locale, details) : msg,
      ]),
    );
  } else if (error.cause instanceof ZodError) {
    data.appCode = 'VALIDATION';
    const refusal = inputRefusal(error.cause, locale, input);
    data.fieldErrors = refusal.fieldErrors;
    message = refusal.message;
  } else if (MESSAGE_CODES.has(error.message)) {
    // Middleware errors carry the code as message (UNAUTHENTICATED, FORBIDDEN).
    data.appCode = error.message as AppErrorCode;
    message = formatErrorMessage(data.appCode, locale);
  } else if (error.code === 'INTERNAL_SERVER_ERROR') {
    message = formatErrorMessage('INTERNAL_ERROR', locale);
  }
  return { ...shape, message, data: { ...shape.data, stack: undefined, ...data } };
}
