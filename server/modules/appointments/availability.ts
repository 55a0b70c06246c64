import type { TeamPolicy } from '../../../shared/domain/policy-defaults';
import { crewWindow } from '../../../shared/rules/crew-window';
import { slotGrid } from '../../../shared/rules/slots';
import type { DbOrTx } from '../../db/client';
import { loadCrewFacts } from '../teams/crews.service';
import { findTakenSlots } from './appointments.repo';

interface SlotRoom {
  start: Date;
  end: Date;
  /** Crews whose shifts cover the whole slot. */
  crews: number;
  /** Visits already agreed in the slot (not cancelled). */
  booked: number;
  /** Visits the team can still take in it; negative when overbooked. */
  free: number;
}

/**
 * The team's room in each slot of a day: crews whose shifts cover the slot × the policy's visits per crew per slot, minus the
 * visits already agreed in it. The borrower's link offers only slots with room; the dispatcher sees the count.
 */
export async function teamDaySlots(db: DbOrTx, teamId: string, date: string, policy: TeamPolicy) {
  const [crews, taken] = await Promise.all([loadCrewFacts(db, { teamId, date }), findTakenSlots(db, teamId, date)]);
  const windows = crews.map(crewWindow);
  return slotGrid(date, policy).map((slot): SlotRoom => {
    const s = slot.start.getTime();
    const e = slot.end.getTime();
    const covering = windows.filter((w) => w.start && w.end && w.start.getTime() <= s && w.end.getTime() >= e).length;
    const booked = taken.filter((t) => t.slotStart.getTime() < e && t.slotEnd.getTime() > s).length;
    return { ...slot, crews: covering, booked, free: covering * policy.visitsPerCrewSlot - booked };
  });
}
