import { AppError, type AppErrorCode } from '../../../shared/errors';
import type { Db } from '../../db/client';
import { countAttempt, deleteCounter, deleteCountersBefore, uncountAttempt } from './rate-limit.repo';

const MINUTE = 60_000;

interface Limit {
  /** Attempts a key may make in one window. */
  max: number;
  windowMs: number;
  /** What the caller is told once the key has used them up; its text takes {minutes}. */
  error: AppErrorCode;
  /**
   * What an attempt that succeeded does to the count: `reset` clears the key, `refund` gives the attempt back
   * (only failures count), `keep` leaves it counted (every attempt counts).
   */
  onSuccess: 'reset' | 'refund' | 'keep';
}

/**
 * Every rate limit of the app, counted in the database (table rate_limits) so that all app processes on it
 * share one count. The numbers slow guessing without locking a whole office behind one address out.
 */
export const LIMITS = {
  /** Failed sign-ins per address + username; a successful sign-in clears them. */
  signInAccount: { max: 5, windowMs: 15 * MINUTE, error: 'LOGIN_RATE_LIMITED', onSuccess: 'reset' },
  /** Failed sign-ins per address, whatever the username. */
  signInAddress: { max: 30, windowMs: 15 * MINUTE, error: 'LOGIN_RATE_LIMITED', onSuccess: 'refund' },
  /** Unknown slot-link tokens per address: a valid link must not be found by trying many. */
  slotLinkMiss: { max: 20, windowMs: 15 * MINUTE, error: 'SLOT_LINK_RATE_LIMITED', onSuccess: 'refund' },
  /** Badge look-ups per address, known codes or not: a valid code must not be found by trying many. */
  badgeLookup: { max: 30, windowMs: 15 * MINUTE, error: 'VERIFY_RATE_LIMITED', onSuccess: 'keep' },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** An attempt that was let through, so that it can be taken back or its counter cleared. */
export interface Attempt {
  limit: LimitName;
  key: string;
  windowStart: Date;
}

const LONGEST_WINDOW_MS = Math.max(...Object.values(LIMITS).map((l) => l.windowMs));
const SWEEP_EVERY_MS = MINUTE;
// When this process last removed ended windows; only paces the clean-up, the counts live in the database.
let lastSweep = Number.NEGATIVE_INFINITY;

async function sweep(db: Db, now: Date) {
  if (Math.abs(now.getTime() - lastSweep) < SWEEP_EVERY_MS) return;
  lastSweep = now.getTime();
  await deleteCountersBefore(db, new Date(now.getTime() - LONGEST_WINDOW_MS));
}

/**
 * Reserves one attempt under each limit before the caller does the work it limits (checks a password, looks
 * up a token): concurrent requests cannot all pass a check made before any of them is counted. Throws the
 * limit's error, with the minutes until the key may try again, when any of them is used up. `db` must not be
 * inside the request's transaction: a rollback would take the reservation back.
 */
export async function reserveAttempts(
  db: Db,
  now: Date,
  wanted: ReadonlyArray<readonly [LimitName, string]>,
): Promise<Attempt[]> {
  await sweep(db, now);
  const attempts: Attempt[] = [];
  let refused: { error: AppErrorCode; waitMs: number } | null = null;
  for (const [name, key] of wanted) {
    const limit: Limit = LIMITS[name];
    const counter = await countAttempt(db, { scope: name, key }, now, limit.windowMs);
    attempts.push({ limit: name, key, windowStart: counter.windowStart });
    if (counter.hits <= limit.max) continue;
    const waitMs = counter.windowStart.getTime() + limit.windowMs - now.getTime();
    if (!refused || waitMs > refused.waitMs) refused = { error: limit.error, waitMs };
  }
  if (refused) {
    const minutes = Math.min(Math.max(Math.ceil(refused.waitMs / MINUTE), 1), LONGEST_WINDOW_MS / MINUTE);
    throw new AppError(refused.error, { minutes });
  }
  return attempts;
}

/** The reserved attempts' work succeeded: each limit resets, refunds or keeps its count (see `onSuccess`). */
export async function attemptsSucceeded(db: Db, attempts: Attempt[]): Promise<void> {
  for (const a of attempts) {
    const counter = { scope: a.limit, key: a.key };
    const { onSuccess }: Limit = LIMITS[a.limit];
    if (onSuccess === 'reset') await deleteCounter(db, counter);
    if (onSuccess === 'refund') await uncountAttempt(db, counter, a.windowStart);
  }
}
