import { AppError } from '../../../shared/errors';
import type { Tx } from '../../db/client';
import { claimKey, findKey, storeResponse } from './idempotency.repo';

/**
 * Runs `work` once per idempotency key inside the caller's transaction; a retry with the same key returns
 * the first response instead of doing the work again. The key row commits or rolls back with the work.
 */
export async function once<T>(
  tx: Tx,
  opts: { key: string; userId: string; procedure: string },
  work: () => Promise<T>,
): Promise<T> {
  if (!(await claimKey(tx, opts.key, opts.userId, opts.procedure))) {
    const prior = await findKey(tx, opts.key);
    if (!prior || prior.userId !== opts.userId || prior.procedure !== opts.procedure) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED');
    }
    return JSON.parse(prior.response) as T;
  }
  const result = await work();
  await storeResponse(tx, opts.key, JSON.stringify(result));
  return result;
}
