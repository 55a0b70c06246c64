/** SQL of the roster: the agents and bases it reads, weekly patterns and exceptions. Shift rows: shifts.repo.ts. */
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { agents, bases, rosterExceptions, rosterPatterns } from '../../../drizzle/schema';
import type { RosterExceptionKind } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';

/** An agent as the roster needs them: team, name, active flag and where they start from. */
export interface RosterAgent {
  id: string;
  teamId: string;
  fullName: string;
  badgeNo: string;
  active: boolean;
  baseId: string | null;
  homeBaseLat: number;
  homeBaseLng: number;
}

const agentColumns = {
  id: agents.id,
  teamId: agents.teamId,
  fullName: agents.fullName,
  badgeNo: agents.badgeNo,
  active: agents.active,
  baseId: agents.baseId,
  homeBaseLat: agents.homeBaseLat,
  homeBaseLng: agents.homeBaseLng,
};

/**
 * Agents by id, or all of a team, in id order. With `lock` their rows are locked (FOR UPDATE): every roster
 * change locks the agents it changes first, so two changes of one agent's roster run one after the other.
 */
export async function findRosterAgents(
  db: DbOrTx,
  where: { ids: string[] } | { teamId: string },
  lock = false,
): Promise<RosterAgent[]> {
  if ('ids' in where && where.ids.length === 0) return [];
  const query = db
    .select(agentColumns)
    .from(agents)
    .where('ids' in where ? inArray(agents.id, where.ids) : eq(agents.teamId, where.teamId))
    .orderBy(asc(agents.id));
  return lock ? query.for('update') : query;
}

export interface BaseRow {
  id: string;
  teamId: string;
  name: string;
  lat: number;
  lng: number;
}

/** Bases by id, or all active bases of a team. */
export async function findBases(db: DbOrTx, where: { ids: string[] } | { teamId: string }): Promise<BaseRow[]> {
  if ('ids' in where && where.ids.length === 0) return [];
  return db
    .select({ id: bases.id, teamId: bases.teamId, name: bases.name, lat: bases.lat, lng: bases.lng })
    .from(bases)
    .where('ids' in where ? inArray(bases.id, where.ids) : and(eq(bases.teamId, where.teamId), eq(bases.active, true)))
    .orderBy(asc(bases.name));
}

/** A weekly pattern with its row version (PostgreSQL's xmin: changes with every write of the row). */
export interface PatternRow {
  id: string;
  agentId: string;
  version: number;
  weekdays: number[];
  starts: string;
  ends: string;
  breakStarts: string | null;
  breakEnds: string | null;
  breakMinutes: number;
  startBaseId: string | null;
  endBaseId: string | null;
  validFrom: string;
  validTo: string | null;
}

/** The columns a caller writes; times as HH:MM. */
export type PatternValues = Omit<PatternRow, 'id' | 'version'>;

const patternColumns = {
  id: rosterPatterns.id,
  agentId: rosterPatterns.agentId,
  version: sql<number>`${rosterPatterns}.xmin::text::bigint`.mapWith(Number),
  weekdays: rosterPatterns.weekdays,
  starts: sql<string>`to_char(${rosterPatterns.starts}, 'HH24:MI')`,
  ends: sql<string>`to_char(${rosterPatterns.ends}, 'HH24:MI')`,
  breakStarts: sql<string | null>`to_char(${rosterPatterns.breakStarts}, 'HH24:MI')`,
  breakEnds: sql<string | null>`to_char(${rosterPatterns.breakEnds}, 'HH24:MI')`,
  breakMinutes: rosterPatterns.breakMinutes,
  startBaseId: rosterPatterns.startBaseId,
  endBaseId: rosterPatterns.endBaseId,
  validFrom: rosterPatterns.validFrom,
  validTo: rosterPatterns.validTo,
};

export async function findPattern(db: DbOrTx, id: string): Promise<PatternRow | null> {
  const [row] = await db.select(patternColumns).from(rosterPatterns).where(eq(rosterPatterns.id, id)).limit(1);
  return row ?? null;
}

/** The patterns of the agents valid on some date from `from` to `to` (either end open when null). */
export async function findPatterns(
  db: DbOrTx,
  q: { agentIds: string[]; from: string | null; to: string | null },
): Promise<PatternRow[]> {
  if (q.agentIds.length === 0) return [];
  return db
    .select(patternColumns)
    .from(rosterPatterns)
    .where(
      and(
        inArray(rosterPatterns.agentId, q.agentIds),
        q.from ? or(isNull(rosterPatterns.validTo), gte(rosterPatterns.validTo, q.from)) : undefined,
        q.to ? lte(rosterPatterns.validFrom, q.to) : undefined,
      ),
    )
    .orderBy(asc(rosterPatterns.agentId), asc(rosterPatterns.validFrom));
}

export async function insertPattern(db: DbOrTx, values: PatternValues & { createdBy: string }): Promise<string> {
  const [row] = await db.insert(rosterPatterns).values(values).returning({ id: rosterPatterns.id });
  return (row as { id: string }).id;
}

/** Writes a pattern if it is still at `version`; false when someone changed it since. */
export async function updatePattern(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<Omit<PatternValues, 'agentId'>>,
): Promise<boolean> {
  const rows = await db
    .update(rosterPatterns)
    .set(values)
    .where(and(eq(rosterPatterns.id, id), sql`${rosterPatterns}.xmin::text::bigint = ${version}`))
    .returning({ id: rosterPatterns.id });
  return rows.length > 0;
}

export interface ExceptionRow {
  id: string;
  teamId: string;
  agentId: string | null;
  kind: RosterExceptionKind;
  startsOn: string;
  endsOn: string;
  note: string | null;
}

const exceptionColumns = {
  id: rosterExceptions.id,
  teamId: rosterExceptions.teamId,
  agentId: rosterExceptions.agentId,
  kind: rosterExceptions.kind,
  startsOn: rosterExceptions.startsOn,
  endsOn: rosterExceptions.endsOn,
  note: rosterExceptions.note,
};

/** A team's exceptions touching `from`..`to`: its holidays and those of the listed agents (all when omitted). */
export async function findExceptions(
  db: DbOrTx,
  q: { teamId: string; from: string; to: string; agentIds?: string[] },
): Promise<ExceptionRow[]> {
  return db
    .select(exceptionColumns)
    .from(rosterExceptions)
    .where(
      and(
        eq(rosterExceptions.teamId, q.teamId),
        lte(rosterExceptions.startsOn, q.to),
        gte(rosterExceptions.endsOn, q.from),
        q.agentIds ? or(isNull(rosterExceptions.agentId), inArray(rosterExceptions.agentId, q.agentIds)) : undefined,
      ),
    )
    .orderBy(asc(rosterExceptions.startsOn));
}

export async function findException(db: DbOrTx, id: string): Promise<ExceptionRow | null> {
  const [row] = await db.select(exceptionColumns).from(rosterExceptions).where(eq(rosterExceptions.id, id)).limit(1);
  return row ?? null;
}

export async function insertException(
  db: DbOrTx,
  values: Omit<ExceptionRow, 'id'> & { createdBy: string },
): Promise<string> {
  const [row] = await db.insert(rosterExceptions).values(values).returning({ id: rosterExceptions.id });
  return (row as { id: string }).id;
}

/** Deletes an exception; false when it was already gone. */
export async function deleteException(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db
    .delete(rosterExceptions)
    .where(eq(rosterExceptions.id, id))
    .returning({ id: rosterExceptions.id });
  return rows.length > 0;
}
