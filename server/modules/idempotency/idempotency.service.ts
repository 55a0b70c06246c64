import { createHmac } from 'node:crypto';
import { AppError, type AppErrorCode } from '../../../shared/errors';
import type { Db, Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { claimKey, findKey, releaseKey, storeResponse } from './idempotency.repo';

/** JSON with object keys sorted at every level, so one request always hashes the same. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * HMAC-SHA-256 (server key) of the request as validated (defaults filled in, text trimmed), without its
 * idempotency key. Keyed, because a request may carry a secret (a new user's password) that a plain hash of
 * otherwise known fields would let anyone holding the table guess offline.
 */
export function requestHash(secret: string, input: Record<string, unknown>, keyField: string): string {
  const { [keyField]: _key, ...request } = input;
  return createHmac('sha256', secret).update(canonicalJson(request)).digest('hex');
}

/**
 * Runs `work` once per idempotency key inside the caller's transaction; a retry with the same key and the same
 * request returns the first response instead of doing the work again. The same key with a different request
 * is refused (IDEMPOTENCY_KEY_BODY_CHANGED on the key field), never answered with the first response: its body
 * would be dropped silently. The key row commits or rolls back with the work.
 */
export async function once<I extends Record<string, unknown>, T>(
  ctx: AuthedContext,
  tx: Tx,
  opts: { input: I; keyField: keyof I & string; procedure: string },
  work: () => Promise<T>,
): Promise<T> {
  const key = String(opts.input[opts.keyField]);
  const userId = ctx.user.id;
  const hash = requestHash(ctx.sessionSecret, opts.input, opts.keyField);
  if (!(await claimKey(tx, { key, userId, procedure: opts.procedure, requestHash: hash }))) {
    const prior = await findKey(tx, key);
    if (!prior || prior.userId !== userId || prior.procedure !== opts.procedure) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', {}, { [opts.keyField]: 'IDEMPOTENCY_KEY_REUSED' });
    }
    // Keys stored before requests were hashed (request_hash null) answer as they always did.
    if (prior.requestHash !== null && prior.requestHash !== hash) {
      throw new AppError('IDEMPOTENCY_KEY_BODY_CHANGED', {}, { [opts.keyField]: 'IDEMPOTENCY_KEY_BODY_CHANGED' });
    }
    return JSON.parse(prior.response) as T;
  }
  const result = await work();
  await storeResponse(tx, key, JSON.stringify(result));
  return result;
}

/**
 * `once` for work that commits in transactions of its own (an import through the machine API, which writes in
 * batches): the key is claimed first in its own statement, the work runs, its response is stored. A replay with
 * the same request gets the stored response; with another request IDEMPOTENCY_KEY_BODY_CHANGED; while the first
 * is still working, `inProgress`. Work that fails gives the key back, so a retry may run it. `key` must already
 * name its caller (keys of every caller share one table).
 */
export async function onceAcross<T>(
  db: Db,
  opts: { key: string; procedure: string; requestHash: string; inProgress: AppErrorCode },
  work: () => Promise<T>,
): Promise<T> {
  const claim = { key: opts.key, userId: null, procedure: opts.procedure, requestHash: opts.requestHash };
  if (!(await claimKey(db, claim))) {
    const prior = await findKey(db, opts.key);
    if (!prior || prior.procedure !== opts.procedure) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (prior.requestHash !== opts.requestHash) throw new AppError('IDEMPOTENCY_KEY_BODY_CHANGED');
    if (prior.response === '') throw new AppError(opts.inProgress);
    return JSON.parse(prior.response) as T;
  }
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await releaseKey(db, opts.key);
    throw err;
  }
  await storeResponse(db, opts.key, JSON.stringify(result));
  return result;
}
