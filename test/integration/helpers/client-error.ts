import { TRPCError } from '@trpc/server';
import type { DefaultErrorShape } from '@trpc/server/unstable-core-do-not-import';
import type { DbHandle } from '../../../server/db/client';
import { errorFormatter } from '../../../server/trpc/error-conversion';
import type { Locale } from '../../../shared/errors';
import { makeContext } from './db';

/** What the client is shown for a caught tRPC error: message and per-field errors, as the one formatter writes them. */
export function clientView(handle: DbHandle, err: TRPCError, locale: Locale = 'en') {
  const shape = errorFormatter({
    shape: { message: err.message, code: -32600, data: { code: err.code, httpStatus: 400 } } as DefaultErrorShape,
    error: err,
    ctx: makeContext(handle, null, { locale }),
  });
  return { code: err.code as string, fieldErrors: shape.data.fieldErrors, message: shape.message };
}

/**
 * What the client receives for a call: OK, or the tRPC code with the message and per-field errors as the one
 * error formatter writes them (zod and domain errors alike), in the given language.
 */
export async function clientAnswer(handle: DbHandle, call: Promise<unknown>, locale: Locale = 'en') {
  try {
    await call;
    return { code: 'OK', fieldErrors: {} as Record<string, string>, message: '' };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return clientView(handle, err, locale);
  }
}
