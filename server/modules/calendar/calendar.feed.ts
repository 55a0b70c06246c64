/**
 * Serving a feed to whoever holds its address (a calendar app, no session): the token is the only credential,
 * so an unknown, malformed or revoked token is refused one way (CALENDAR_FEED_NOT_FOUND) and guessing is slowed
 * per address, and a leaked address polled in a loop is slowed per feed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError, pickLocale } from '../../../shared/errors';
import { addDays, localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import { readTeamZone } from '../policy/policy.service';
import { attemptsSucceeded, reserveAttempts } from '../rate-limit/rate-limit.service';
import { buildFeed } from './calendar.ics';
import { findAgentFeedVisits, findCrewBadges, findLiveFeedByHash, touchFetched } from './calendar.repo';
import { hashFeedToken } from './calendar.service';

/** Days after today the feed lists (today included, so 15 local dates). */
export const FEED_DAYS_AHEAD = 14;
/** How long a calendar app or proxy may keep an answer; also how often a fetch is recorded. */
export const FEED_MAX_AGE_SECONDS = 300;

// 32 random bytes in base64url, as createFeed makes them.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The live feed a token opens; the stored hash is compared in constant time after the indexed look-up. */
async function openFeed(db: Db, token: string) {
  if (!TOKEN_SHAPE.test(token)) return null;
  const hash = hashFeedToken(token);
  const feed = await findLiveFeedByHash(db, hash);
  if (!feed || !timingSafeEqual(Buffer.from(feed.tokenHash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  return feed;
}

export interface ServedFeed {
  body: string;
  /** A strong validator of the body: the same visits give the same text. */
  etag: string;
}

/**
 * The feed a token opens, for the agent's visits from today (in the team's zone) for FEED_DAYS_AHEAD days.
 * Throws CALENDAR_FEED_NOT_FOUND or CALENDAR_FEED_RATE_LIMITED.
 */
export async function serveFeed(
  db: Db,
  deps: { fallbackZone: string },
  req: { token: string; ip: string; now: Date },
): Promise<ServedFeed> {
  const misses = await reserveAttempts(db, req.now, [['calendarFeedMiss', req.ip]]);
  const feed = await openFeed(db, req.token);
  if (!feed) throw new AppError('CALENDAR_FEED_NOT_FOUND');
  await attemptsSucceeded(db, misses);
  await reserveAttempts(db, req.now, [['calendarFeedFetch', feed.id]]);

  const timeZone = await readTeamZone(db, feed.teamId, deps.fallbackZone);
  const today = localDate(req.now, timeZone);
  const visits = await findAgentFeedVisits(db, feed.agentId, today, addDays(today, FEED_DAYS_AHEAD));
  const badges = new Map<string, string[]>();
  for (const m of await findCrewBadges(db, [...new Set(visits.map((v) => v.crewId))])) {
    badges.set(m.crewId, [...(badges.get(m.crewId) ?? []), m.badgeNo]);
  }
  const body = buildFeed({ agentName: feed.agentName, timeZone, locale: pickLocale(feed.locale), visits, badges });
  await touchFetched(db, feed.id, req.now, FEED_MAX_AGE_SECONDS * 1000);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
}
