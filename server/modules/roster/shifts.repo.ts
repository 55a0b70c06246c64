/** SQL of shift rows: one agent's working window on one date (generated from the roster or set by hand). */
import { and, asc, between, eq, inArray } from 'drizzle-orm';
import { shifts } from '../../../drizzle/schema';
import type { OrgOrigin } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';

/** The stored facts of one shift. */
export interface ShiftValues {
  agentId: string;
  workDate: string;
  startsAt: Date;
  endsAt: Date;
  breakStartsAt: Date | null;
  breakEndsAt: Date | null;
  breakMinutes: number;
  startLat: number;
  startLng: number;
  endLat: number;
  endLng: number;
  origin: OrgOrigin;
}

export type ShiftRow = ShiftValues & { id: string };

const shiftColumns = {
  id: shifts.id,
  agentId: shifts.agentId,
  workDate: shifts.workDate,
  startsAt: shifts.startsAt,
  endsAt: shifts.endsAt,
  breakStartsAt: shifts.breakStartsAt,
  breakEndsAt: shifts.breakEndsAt,
  breakMinutes: shifts.breakMinutes,
  startLat: shifts.startLat,
  startLng: shifts.startLng,
  endLat: shifts.endLat,
  endLng: shifts.endLng,
  origin: shifts.origin,
};

/** The agents' shifts from `from` to `to`, by agent and date. */
export async function findShifts(db: DbOrTx, q: { agentIds: string[]; from: string; to: string }): Promise<ShiftRow[]> {
  if (q.agentIds.length === 0) return [];
  return db
    .select(shiftColumns)
    .from(shifts)
    .where(and(inArray(shifts.agentId, q.agentIds), between(shifts.workDate, q.from, q.to)))
    .orderBy(asc(shifts.agentId), asc(shifts.workDate));
}

export async function insertShifts(db: DbOrTx, rows: ShiftValues[]): Promise<void> {
  // In chunks: a team's 8 weeks is thousands of rows, more parameters than one statement takes.
  for (let i = 0; i < rows.length; i += 500) await db.insert(shifts).values(rows.slice(i, i + 500));
}

export async function updateShift(db: DbOrTx, id: string, values: Omit<ShiftValues, 'agentId' | 'workDate'>) {
  await db.update(shifts).set(values).where(eq(shifts.id, id));
}

export async function deleteShifts(db: DbOrTx, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) await db.delete(shifts).where(inArray(shifts.id, ids.slice(i, i + 1000)));
}
