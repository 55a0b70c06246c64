/**
 * The legs a crew travelled, stored on the visit they lead to (visits.travel_leg_m, travel_leg_minutes) so the
 * dashboard's km and minutes per visit are sums in SQL: a leg joins a made check-in to the crew-day's previous
 * made check-in, in check-in order, measured with shared/geo (haversineM straight, travelMinutes as the board
 * counts a leg). The outcome writer keeps them: a visit becomes made only there (completed is final), and it
 * recomputes the whole crew-day, so an outcome that arrives late (offline replay, a second phone) fixes the leg
 * of the visit after it too.
 */
import { haversineM, travelMinutes } from '../../../shared/geo';
import type { DbOrTx } from '../../db/client';
import {
  type CrewDay,
  findMadeCheckIns,
  type LegValues,
  lockCrewDayLegs,
  type MadeCheckIn,
  writeLegs,
} from './travel-legs.repo';

/** Each stop's leg from the one before it of the same crew-day (null for a crew-day's first); stops in check-in order. */
export function legsOf(stops: readonly Omit<MadeCheckIn, 'legM' | 'legMinutes'>[]): LegValues[] {
  return stops.map((to, i) => {
    const from = stops[i - 1];
    if (!from || from.crewId !== to.crewId || from.visitDate !== to.visitDate)
      return { id: to.id, m: null, minutes: null };
    return { id: to.id, m: haversineM(from, to), minutes: travelMinutes(from, to) };
  });
}

/** The legs of `stops` that differ from what is stored. */
function changedLegs(stops: readonly MadeCheckIn[]): LegValues[] {
  const legs = legsOf(stops);
  return legs.filter((l, i) => stops[i]?.legM !== l.m || stops[i]?.legMinutes !== l.minutes);
}

/** Recomputes one crew-day's legs after one of its visits was made (in the outcome writer's transaction). */
export async function refreshCrewDayLegs(tx: DbOrTx, day: CrewDay): Promise<void> {
  await lockCrewDayLegs(tx, day);
  await writeLegs(tx, changedLegs(await findMadeCheckIns(tx, day)));
}

/** Legs per statement when every crew-day is written at once. */
const BATCH = 5_000;

/**
 * Every crew-day's legs from the made check-ins, for rows inserted past the outcome writer (the seed, test
 * fixtures); migration 0019 did the same in SQL.
 */
export async function writeTravelLegsFromHistory(db: DbOrTx): Promise<void> {
  const legs = changedLegs(await findMadeCheckIns(db));
  for (let i = 0; i < legs.length; i += BATCH) await writeLegs(db, legs.slice(i, i + BATCH));
}
