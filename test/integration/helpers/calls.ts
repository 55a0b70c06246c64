import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { AppError } from '../../../shared/errors';

// Raw-query rows live with the helpers the benches share (no vitest there).
export { rows } from '../../helpers/db-rows';

/** The rejection of a call, asserted to be a tRPC error (a call that succeeds fails the test here). */
export async function failure(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

/** The domain code (`AppError.code`) behind a tRPC error, if any. */
export const appCode = (e: TRPCError) => (e.cause as { code?: string } | undefined)?.code;

/** The per-field messages of a BAD_REQUEST, keyed by field path. */
export const fieldErrorsOf = (e: TRPCError) =>
  (e.cause as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors ?? {};

/** The refusal of a call: tRPC code, domain code and the violation codes it listed. */
export async function refusal(p: Promise<unknown>) {
  const err = await failure(p);
  const cause = err.cause instanceof AppError ? err.cause : null;
  const violations = (cause?.details.violations as Array<{ code: string; message: string }> | undefined) ?? [];
  return {
    code: err.code,
    appCode: cause?.code ?? null,
    message: err.message,
    violations: violations.map((v) => v.code),
    details: cause?.details,
  };
}
