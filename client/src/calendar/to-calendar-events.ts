import type { EventInput } from '@fullcalendar/core';
import type { VisitType } from '@shared/domain/constants';
import { serviceMinutesFor } from '@shared/domain/visit-facts';
import { isIn, MOVABLE } from '@shared/domain/visit-lifecycle';
import { STATUS_COLORS } from '../map/colors';
import { toWall } from './wall-time';

/** The board data the calendar draws (one or several teams' days merged). */
interface CalendarVisit {
  id: string;
  status: string;
  crewId: string | null;
  plannedArrival: string | null;
  slotStart: string;
  slotEnd: string;
  borrowerName: string;
  district: string;
  visitType: string;
  pinned: boolean;
}

export interface CalendarCrew {
  id: string;
  name: string;
  teamName: string;
  shiftStart: string | null;
  shiftEnd: string | null;
  colorIndex: number;
  load: string;
  legs: Array<{ start: string; end: string; minutes: number; toVisitId: string }>;
}

const MIN = 60_000;

/** Lanes: one resource per crew, grouped by team, business hours = the crew's shift. */
export function toResources(crews: CalendarCrew[], timeZone: string) {
  return crews.map((c) => ({
    id: c.id,
    title: c.name,
    team: c.teamName,
    load: c.load,
    businessHours:
      c.shiftStart && c.shiftEnd
        ? {
            startTime: toWall(c.shiftStart, timeZone).slice(11, 16),
            endTime: toWall(c.shiftEnd, timeZone).slice(11, 16),
            daysOfWeek: [0, 1, 2, 3, 4, 5, 6],
          }
        : [],
  }));
}

/**
 * Events: each placed visit coloured by status; its agreed slot as a background block in the same lane (the
 * window it may move in); travel between consecutive visits as a thin block; hours outside the allowed
 * visiting window and the time already past shaded for every lane.
 */
export function toEvents(args: {
  visits: CalendarVisit[];
  crews: CalendarCrew[];
  timeZone: string;
  dates: string[];
  allowed: { start: string; end: string } | null;
  selectedId: string | null;
  laneColor: (laneId: string) => string;
  /** Now as calendar wall time ("YYYY-MM-DDTHH:MM:00Z"): the time before it is shaded as past. */
  nowWall: string;
}): EventInput[] {
  const { visits, crews, timeZone, selectedId } = args;
  const out: EventInput[] = [];
  for (const v of visits) {
    if (!v.crewId || !v.plannedArrival || v.status === 'cancelled') continue;
    const start = new Date(v.plannedArrival);
    const selected = v.id === selectedId;
    out.push({
      id: v.id,
      resourceId: v.crewId,
      title: `${v.pinned ? '◆ ' : ''}${v.borrowerName}`,
      start: toWall(start, timeZone),
      end: toWall(new Date(start.getTime() + serviceMinutesFor(v.visitType as VisitType) * MIN), timeZone),
      backgroundColor: STATUS_COLORS[v.status] ?? '#868e96',
      borderColor: selected ? '#fa5252' : (STATUS_COLORS[v.status] ?? '#868e96'),
      classNames: ['ds-visit', `ds-status-${v.status}`, ...(selected ? ['ds-selected'] : [])],
      editable: isIn(MOVABLE, v.status),
      extendedProps: { kind: 'visit', visitId: v.id, crewColor: args.laneColor(v.crewId), district: v.district },
    });
    if (selected || v.status === 'assigned') {
      out.push({
        id: `slot-${v.id}`,
        resourceId: v.crewId,
        start: toWall(v.slotStart, timeZone),
        end: toWall(v.slotEnd, timeZone),
        display: 'background',
        backgroundColor: selected ? 'rgba(250, 82, 82, 0.18)' : 'rgba(28, 126, 214, 0.10)',
        classNames: ['ds-slot', ...(selected ? ['ds-slot-selected'] : [])],
        extendedProps: { kind: 'slot', visitId: v.id },
      });
    }
  }
  for (const c of crews) {
    for (const leg of c.legs) {
      if (leg.minutes <= 0) continue;
      out.push({
        id: `travel-${leg.toVisitId}`,
        resourceId: c.id,
        start: toWall(leg.start, timeZone),
        end: toWall(leg.end, timeZone),
        display: 'background',
        backgroundColor: 'transparent',
        classNames: ['ds-travel'],
        extendedProps: { kind: 'travel' },
      });
    }
  }
  for (const d of args.dates) {
    const dayEnd = `${d}T23:59:00Z`;
    if (args.nowWall > `${d}T00:00:00Z`) {
      out.push({
        id: `past-${d}`,
        start: `${d}T00:00:00Z`,
        end: args.nowWall < dayEnd ? args.nowWall : dayEnd,
        display: 'background',
        classNames: ['ds-past'],
        resourceIds: crews.map((c) => c.id),
        extendedProps: { kind: 'past' },
      });
    }
    if (args.allowed)
      out.push(
        {
          start: `${d}T00:00:00Z`,
          end: `${d}T${args.allowed.start}:00Z`,
          display: 'background',
          classNames: ['ds-closed'],
          resourceIds: crews.map((c) => c.id),
        },
        {
          start: `${d}T${args.allowed.end}:00Z`,
          end: `${d}T23:59:00Z`,
          display: 'background',
          classNames: ['ds-closed'],
          resourceIds: crews.map((c) => c.id),
        },
      );
  }
  return out;
}
