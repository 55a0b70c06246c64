import type { EventInput } from '@fullcalendar/core';
import { useMemo } from 'react';
import { useAfterFirstFrame } from '../lib/use-after-first-frame';

/** Drawn a moment after the board's first paint: each placed visit's agreed slot and the travel before it. */
const LATER: ReadonlySet<unknown> = new Set(['slot', 'travel']);

/**
 * The calendar's events for its first paint without the slot and travel blocks, then all of them. A lender's
 * "All my teams" day has ~230 visits and as many of each block: FullCalendar's first build of the lanes (and the
 * browser's first layout of them) was the largest part of the cold load after the data came (#19). The visits and
 * the shading of past and closed hours come first; the blocks follow in the next task, once the frame is drawn.
 * `complete` says which of the two the calendar is given (the bench times both paints).
 */
export function useVisitsFirst(events: EventInput[]): { events: EventInput[]; complete: boolean } {
  const all = useAfterFirstFrame();
  const first = useMemo(() => events.filter((e) => !LATER.has(e.extendedProps?.kind)), [events]);
  return all ? { events, complete: true } : { events: first, complete: false };
}
