import { createHash } from 'node:crypto';
import { AppError, type AppErrorCode } from '../../../shared/errors';
import type { Db } from '../../db/client';
import { countAttempt, deleteCounter, deleteEndedCounters, findWindowStart, uncountAttempt } from './rate-limit.repo';

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
  /** Machine-API requests with a bad service token per address: a valid token must not be found by trying many. */
  apiTokenMiss: { max: 20, windowMs: 15 * MINUTE, error: 'API_RATE_LIMITED', onSuccess: 'refund' },
  /** Imports per service token: a nightly job sends a few; a loop gone wrong must not fill the database. */
  apiImport: { max: 60, windowMs: 60 * MINUTE, error: 'API_RATE_LIMITED', onSuccess: 'keep' },
  /** Unknown calendar-feed tokens per address: a live feed address must not be found by trying many. */
  calendarFeedMiss: { max: 20, windowMs: 15 * MINUTE, error: 'CALENDAR_FEED_RATE_LIMITED', onSuccess: 'refund' },
  /** Fetches per calendar feed: a calendar app polls every few minutes; a leaked address in a loop is slowed. */
  calendarFeedFetch: { max: 60, windowMs: 15 * MINUTE, error: 'CALENDAR_FEED_RATE_LIMITED', onSuccess: 'keep' },
} as const satisfies Record<string, Limit>;

type LimitName = keyof typeof LIMITS;

/** An attempt that was let through, so that it can be taken back or its counter cleared. */
interface Attempt {
  limit: LimitName;
  /** The key as stored (hashed). */
  key: string;
  windowStart: Date;
}

// Keys are stored hashed: the table then holds no addresses or typed usernames (sometimes a password typed
// into the wrong field), and any text the caller sends makes a valid key.
const digest = (key: string) => createHash('sha256').update(key).digest('base64url');

const SWEEP_EVERY_MS = MINUTE;
// When this process last removed ended windows; only paces the clean-up, the counts live in the database.
let lastSweep = Number.NEGATIVE_INFINITY;

async function sweep(db: Db, now: Date) {
  if (Math.abs(now.getTime() - lastSweep) < SWEEP_EVERY_MS) return;
  lastSweep = now.getTime();
  // Each limit's counters go when its own window has ended (an hour-long API window keeps no sign-in rows longer).
  const ended = Object.entries(LIMITS).map(([scope, l]) => ({ scope, before: new Date(now.getTime() - l.windowMs) }));
  await deleteEndedCounters(db, ended);
}

/**
 * Reserves one attempt under each limit, in order, before the caller does the work they limit (checks a
 * password, looks up a token): concurrent requests cannot all pass a check made before any of them is counted.
 * When one limit is used up, the attempts already reserved here are given back (the work will not happen) and
 * its error is thrown with the minutes until the key may try again. `db` must not be inside the request's
 * transaction: a rollback would take the reservation back.
 */
export async function reserveAttempts(
  db: Db,
  now: Date,
  wanted: ReadonlyArray<readonly [LimitName, string]>,
): Promise<Attempt[]> {
  await sweep(db, now);
  const attempts: Attempt[] = [];
  for (const [name, key] of wanted) {
    const limit: Limit = LIMITS[name];
    const attempt = { limit: name, key: digest(key) };
    const windowStart = await countAttempt(db, { scope: name, key: attempt.key }, now, limit);
    if (!windowStart) {
      for (const a of attempts) await uncountAttempt(db, { scope: a.limit, key: a.key }, a.windowStart);
      // Read after the refusal only for the message; a window that ended meanwhile reads as a full one.
      const current = (await findWindowStart(db, { scope: name, key: attempt.key })) ?? now;
      const waitMs = current.getTime() + limit.windowMs - now.getTime();
      const minutes = Math.min(Math.max(Math.ceil(waitMs / MINUTE), 1), limit.windowMs / MINUTE);
      throw new AppError(limit.error, { minutes });
    }
    attempts.push({ ...attempt, windowStart });
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
