/** Service tokens' rows: the hash and display prefix only, never the secret. */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { serviceTokens, teams, users } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

export async function insertToken(
  db: DbOrTx,
  t: {
    name: string;
    tokenHash: string;
    prefix: string;
    teamIds: string[];
    expiresAt: Date;
    createdBy: string;
    createdAt: Date;
  },
): Promise<string> {
  const [row] = await db.insert(serviceTokens).values(t).returning({ id: serviceTokens.id });
  if (!row) throw new Error('insert service token returned nothing');
  return row.id;
}

/** How many of the ids are teams (the caller compares with how many it asked for). */
export async function countTeams(db: DbOrTx, ids: string[]): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(teams).where(inArray(teams.id, ids));
  return row?.n ?? 0;
}

/** Every token, newest first, with its teams and its creator's name. */
export async function listTokens(db: DbOrTx) {
  return db
    .select({
      id: serviceTokens.id,
      name: serviceTokens.name,
      prefix: serviceTokens.prefix,
      teams: sql<Array<{ id: string; code: string; name: string }>>`coalesce((
        select json_agg(json_build_object('id', t.id, 'code', t.code, 'name', t.name) order by t.code)
        from ${teams} t where t.id = any(${serviceTokens.teamIds})), '[]'::json)`,
      createdBy: users.displayName,
      createdAt: serviceTokens.createdAt,
      expiresAt: serviceTokens.expiresAt,
      revokedAt: serviceTokens.revokedAt,
      lastUsedAt: serviceTokens.lastUsedAt,
    })
    .from(serviceTokens)
    .innerJoin(users, eq(users.id, serviceTokens.createdBy))
    .orderBy(desc(serviceTokens.createdAt), desc(serviceTokens.id));
}

/** One token for a change, locked until the transaction ends. */
export async function lockToken(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: serviceTokens.id,
      name: serviceTokens.name,
      prefix: serviceTokens.prefix,
      revokedAt: serviceTokens.revokedAt,
    })
    .from(serviceTokens)
    .where(eq(serviceTokens.id, id))
    .for('update');
  return row ?? null;
}

export async function setRevoked(db: DbOrTx, id: string, by: string, at: Date): Promise<void> {
  await db
    .update(serviceTokens)
    .set({ revokedAt: at, revokedBy: by })
    .where(and(eq(serviceTokens.id, id), isNull(serviceTokens.revokedAt)));
}

/** The token a bearer's hash names, whatever its state (the caller decides what expired or revoked means). */
export async function findTokenByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({
      id: serviceTokens.id,
      tokenHash: serviceTokens.tokenHash,
      teamIds: serviceTokens.teamIds,
      expiresAt: serviceTokens.expiresAt,
      revokedAt: serviceTokens.revokedAt,
    })
    .from(serviceTokens)
    .where(eq(serviceTokens.tokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}

export async function touchLastUsed(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(serviceTokens).set({ lastUsedAt: at }).where(eq(serviceTokens.id, id));
}
