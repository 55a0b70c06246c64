/**
 * Service tokens for the machine API (SPEC §8.3): an admin creates one for a lender's nightly job, scoped to
 * teams and expiring. The secret is shown once, at creation; only its SHA-256 and a display prefix are stored,
 * so neither the table, the idempotency store nor the audit log can give it out again.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { CreateTokenInput, RevokeTokenInput } from '../../../shared/schemas/tokens';
import { withIsoInstants } from '../../../shared/wire';
import type { Db } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import {
  countTeams,
  findTokenByHash,
  insertToken,
  listTokens,
  lockToken,
  setRevoked,
  touchLastUsed,
} from './tokens.repo';

const TOKEN_PREFIX = 'dst_';
/** `dst_` and the first 8 characters of the random part: enough to tell tokens apart, useless to guess one. */
const DISPLAY_CHARS = TOKEN_PREFIX.length + 8;
const DAY_MS = 86_400_000;

/** SHA-256 hex of a token: what is stored and looked up. A token has 256 random bits, so no key or salt is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The answer to a create: `token` is the secret the first time, null on a replay of the same request. */
export interface CreatedToken {
  id: string;
  prefix: string;
  expiresAt: string;
  token: string | null;
}

/** Creates a token; idempotent on the client's key, audited (the prefix, never the secret). */
export async function createToken(ctx: AuthedContext, input: CreateTokenInput): Promise<CreatedToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = token.slice(0, DISPLAY_CHARS);
  let created = false;
  const stored = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'tokens.create' }, async () => {
      if ((await countTeams(tx, input.teamIds)) !== input.teamIds.length) {
        throw new AppError('NOT_FOUND', { entity: 'team' }, { teamIds: 'NOT_FOUND' });
      }
      const now = ctx.now();
      const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
      const id = await insertToken(tx, {
        name: input.name,
        tokenHash: hashToken(token),
        prefix,
        teamIds: input.teamIds,
        expiresAt,
        createdBy: ctx.user.id,
        createdAt: now,
      });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        action: 'serviceToken.create',
        entityType: 'service_token',
        entityId: id,
        after: { name: input.name, prefix, teamIds: input.teamIds, expiresAt: expiresAt.toISOString() },
        at: now,
      });
      created = true;
      // What once() keeps for a replay: everything but the secret.
      return { id, prefix, expiresAt: expiresAt.toISOString() };
    }),
  );
  // Shown once: a replay (a retried click, a lost answer) names the token but cannot show its secret again.
  return { ...stored, token: created ? token : null };
}

/** Every token for the admin page: never the secret or its hash. */
export async function listServiceTokens(ctx: AuthedContext) {
  const rows = await listTokens(ctx.db);
  return rows.map(withIsoInstants);
}

/** Revokes a token at once (the next request with it is refused); idempotent, audited. */
export async function revokeToken(
  ctx: AuthedContext,
  input: RevokeTokenInput,
): Promise<{ id: string; revokedAt: string }> {
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'tokens.revoke' }, async () => {
      const token = await lockToken(tx, input.id);
      if (!token) throw new AppError('NOT_FOUND', { entity: 'service token' });
      // Revoking a revoked token changes nothing and says when it was revoked.
      if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt.toISOString() };
      const now = ctx.now();
      await setRevoked(tx, token.id, ctx.user.id, now);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        action: 'serviceToken.revoke',
        entityType: 'service_token',
        entityId: token.id,
        before: { name: token.name, prefix: token.prefix, revokedAt: null },
        after: { revokedAt: now.toISOString() },
        at: now,
      });
      return { id: token.id, revokedAt: now.toISOString() };
    }),
  );
}

/** A token that may be used now: its id and the teams it may import into. */
export interface BearerToken {
  id: string;
  teamIds: string[];
}

/**
 * The token an `Authorization: Bearer …` header carries, if it is known, unexpired and not revoked; its last use
 * is recorded. Every refusal is the same API_TOKEN_INVALID, so a caller learns nothing about which tokens exist.
 */
export async function authenticateBearer(db: Db, header: string | undefined, now: Date): Promise<BearerToken> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const presented = match?.[1] ?? '';
  const hash = hashToken(presented);
  const row = presented.startsWith(TOKEN_PREFIX) ? await findTokenByHash(db, hash) : null;
  const same = row !== null && timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), Buffer.from(hash, 'hex'));
  if (!row || !same || row.revokedAt !== null || row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('API_TOKEN_INVALID');
  }
  await touchLastUsed(db, row.id, now);
  return { id: row.id, teamIds: row.teamIds };
}
