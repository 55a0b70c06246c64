/** The SQL of the stored travel legs (visits.travel_leg_m, travel_leg_minutes); travel-legs.ts computes them. */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { addresses, appointments, visitPlace, visits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** One crew's visits of one day: the legs of a crew-day depend on each other, never on another crew-day's. */
export interface CrewDay {
  crewId: string;
  visitDate: string;
}

/** A leg to write: null metres and minutes for a crew-day's first made check-in. */
export interface LegValues {
  id: string;
  m: number | null;
  minutes: number | null;
}

/**
 * Holds the crew-day's legs until the transaction ends, so two phones of a crew recording outcomes at once
 * compute the day's legs one after the other, each seeing the other's made visit.
 */
export async function lockCrewDayLegs(tx: DbOrTx, day: CrewDay): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`travel_legs:${day.crewId}:${day.visitDate}`}, 0))`,
  );
}

/**
 * The made (completed: the reports' isMade), checked-in visits with a crew — of one crew-day, or of every one —
 * in each crew-day's check-in order, with the legs stored on them now.
 */
export async function findMadeCheckIns(db: DbOrTx, day?: CrewDay) {
  return db
    .select({
      id: visits.id,
      crewId: visits.crewId,
      visitDate: visits.visitDate,
      lat: visitPlace.lat,
      lng: visitPlace.lng,
      legM: visits.travelLegM,
      legMinutes: visits.travelLegMinutes,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .where(
      and(
        eq(visits.status, 'completed'),
        isNotNull(visits.checkInAt),
        day ? and(eq(visits.crewId, day.crewId), eq(visits.visitDate, day.visitDate)) : isNotNull(visits.crewId),
      ),
    )
    .orderBy(asc(visits.crewId), asc(visits.visitDate), asc(visits.checkInAt), asc(visits.id));
}
export type MadeCheckIn = Awaited<ReturnType<typeof findMadeCheckIns>>[number];

/** Writes legs by visit id in one statement (three array parameters, whatever the number of legs). */
export async function writeLegs(db: DbOrTx, legs: readonly LegValues[]): Promise<void> {
  if (legs.length === 0) return;
  const ids = legs.map((l) => l.id);
  const metres = legs.map((l) => l.m);
  const minutes = legs.map((l) => l.minutes);
  await db.execute(sql`update ${visits} set travel_leg_m = l.m, travel_leg_minutes = l.minutes
    from unnest(${sql.param(ids)}::uuid[], ${sql.param(metres)}::float8[], ${sql.param(minutes)}::int[])
      as l(id, m, minutes)
    where ${visits.id} = l.id`);
}
