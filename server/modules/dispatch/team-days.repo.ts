import { and, count, gte, inArray, lte } from 'drizzle-orm';
import { crews, visits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** Visits of these teams from `from` to `to` (inclusive), counted per team, day and status. */
export async function visitCountsByTeamDay(db: DbOrTx, teamIds: string[], from: string, to: string) {
  return db
    .select({ teamId: visits.teamId, date: visits.visitDate, status: visits.status, n: count() })
    .from(visits)
    .where(and(inArray(visits.teamId, teamIds), gte(visits.visitDate, from), lte(visits.visitDate, to)))
    .groupBy(visits.teamId, visits.visitDate, visits.status);
}

/** Crews of these teams from `from` to `to` (inclusive), counted per team and day. */
export async function crewCountsByTeamDay(db: DbOrTx, teamIds: string[], from: string, to: string) {
  return db
    .select({ teamId: crews.teamId, date: crews.workDate, n: count() })
    .from(crews)
    .where(and(inArray(crews.teamId, teamIds), gte(crews.workDate, from), lte(crews.workDate, to)))
    .groupBy(crews.teamId, crews.workDate);
}
