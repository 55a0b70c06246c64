import { and, asc, eq, or, sql } from 'drizzle-orm';
import { agents, bases, rosterPatterns } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

export interface BaseRow {
  id: string;
  teamId: string;
  name: string;
  address: string | null;
  lat: number;
  lng: number;
  active: boolean;
}

const columns = {
  id: bases.id,
  teamId: bases.teamId,
  name: bases.name,
  address: bases.address,
  lat: bases.lat,
  lng: bases.lng,
  active: bases.active,
};

/** A team's bases, active first, by name. */
export function listTeamBases(db: DbOrTx, teamId: string): Promise<BaseRow[]> {
  return db
    .select(columns)
    .from(bases)
    .where(eq(bases.teamId, teamId))
    .orderBy(sql`${bases.active} desc`, asc(bases.name));
}

/** One base, locked for an update when `lock` (null when there is none). */
export async function findBase(db: DbOrTx, id: string, lock = false): Promise<BaseRow | null> {
  const q = db.select(columns).from(bases).where(eq(bases.id, id)).limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Inserts a base; a name the team already uses surfaces as BASE_NAME_TAKEN (unique-conflicts.ts). */
export async function insertBase(db: DbOrTx, b: Omit<BaseRow, 'id' | 'active'>): Promise<string> {
  const [row] = await db.insert(bases).values(b).returning({ id: bases.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateBaseRow(db: DbOrTx, id: string, b: Partial<Omit<BaseRow, 'id' | 'teamId'>>) {
  await db.update(bases).set(b).where(eq(bases.id, id));
}

/** How many active agents have this base, and how many roster patterns start or end there and are still valid. */
export async function countBaseUses(db: DbOrTx, baseId: string, today: string) {
  const [a] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(agents)
    .where(and(eq(agents.baseId, baseId), eq(agents.active, true)));
  const [p] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(rosterPatterns)
    .where(
      and(
        or(eq(rosterPatterns.startBaseId, baseId), eq(rosterPatterns.endBaseId, baseId)),
        sql`(${rosterPatterns.validTo} is null or ${rosterPatterns.validTo} >= ${today}::date)`,
      ),
    );
  return { agents: a?.n ?? 0, patterns: p?.n ?? 0 };
}
