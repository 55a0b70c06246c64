/**
 * An agent's private calendar address (SPEC §8.5): created, shown once, revoked by the agent. The address holds a
 * 256-bit token; only its SHA-256 is stored, so neither the table, the idempotency store nor the audit log can
 * give it out again. One live address per agent: a new one revokes the old.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CreateFeedInput, RevokeFeedInput } from '../../../shared/schemas/calendar';
import { iso } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { agentIdOf } from '../field/visit-access';
import { once } from '../idempotency/idempotency.service';
import { findLiveFeed, insertFeed, lockAgentFeeds, setFeedRevoked } from './calendar.repo';

/** SHA-256 hex of a feed token: what is stored and looked up (256 random bits need no key or salt). */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The feed's address: the token is the credential, so the URL needs no cookie (calendar apps send none). */
export const feedUrl = (origin: string, token: string) => `${origin}/cal/${token}.ics`;

/** The agent's live feed: whether there is one, since when, when a calendar last fetched it. */
export async function myFeed(ctx: AuthedContext) {
  const feed = await findLiveFeed(ctx.db, agentIdOf(ctx));
  return feed ? { id: feed.id, createdAt: iso(feed.createdAt), lastFetchedAt: iso(feed.lastFetchedAt) } : null;
}

/** The answer to a create: `url` holds the secret the first time, null on a replay of the same request. */
export interface CreatedFeed {
  id: string;
  createdAt: string;
  url: string | null;
}

/** Creates the agent's feed, revoking the live one; idempotent on the client's key, audited (never the token). */
export async function createFeed(ctx: AuthedContext, input: CreateFeedInput): Promise<CreatedFeed> {
  const agentId = agentIdOf(ctx);
  const token = randomBytes(32).toString('base64url');
  let created = false;
  const stored = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'calendar.createFeed' }, async () => {
      await lockAgentFeeds(tx, agentId);
      const now = ctx.now();
      const old = await findLiveFeed(tx, agentId);
      if (old) await setFeedRevoked(tx, old.id, now);
      const id = await insertFeed(tx, {
        agentId,
        tokenHash: hashFeedToken(token),
        createdBy: ctx.user.id,
        createdAt: now,
      });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        action: 'calendarFeed.create',
        entityType: 'calendar_feed',
        entityId: id,
        before: old ? { replacedFeedId: old.id } : null,
        after: { agentId, createdAt: now.toISOString() },
        at: now,
      });
      created = true;
      // What once() keeps for a replay: everything but the secret.
      return { id, createdAt: now.toISOString() };
    }),
  );
  // Shown once: a replay (a retried tap, a lost answer) names the feed but cannot show its address again.
  return { ...stored, url: created ? feedUrl(ctx.origin, token) : null };
}

/** Revokes the agent's live feed (its address answers 404 from now on); idempotent, audited. */
export async function revokeFeed(
  ctx: AuthedContext,
  input: RevokeFeedInput,
): Promise<{ id: string | null; revokedAt: string | null }> {
  const agentId = agentIdOf(ctx);
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'calendar.revokeFeed' }, async () => {
      await lockAgentFeeds(tx, agentId);
      const feed = await findLiveFeed(tx, agentId);
      // Nothing live: nothing changes, and saying so is no error (the screen already shows "no address").
      if (!feed) return { id: null, revokedAt: null };
      const now = ctx.now();
      await setFeedRevoked(tx, feed.id, now);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        action: 'calendarFeed.revoke',
        entityType: 'calendar_feed',
        entityId: feed.id,
        before: { revokedAt: null },
        after: { revokedAt: now.toISOString() },
        at: now,
      });
      return { id: feed.id, revokedAt: now.toISOString() };
    }),
  );
}
