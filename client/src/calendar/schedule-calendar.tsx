import type { DatesSetArg, EventDropArg, EventInput } from '@fullcalendar/core';
import zhCnLocale from '@fullcalendar/core/locales/zh-cn';
import interactionPlugin, { type DropArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import resourceTimeGridPlugin from '@fullcalendar/resource-timegrid';
import resourceTimelinePlugin from '@fullcalendar/resource-timeline';
import { type ComponentProps, memo, type Ref, useCallback, useEffect, useMemo, useRef } from 'react';
import './schedule-calendar.css';

export type CalendarView = 'resourceTimelineDay' | 'resourceTimeGridDay' | 'resourceTimeGridWeek';

interface ScheduleCalendarProps {
  licenseKey: string;
  view: CalendarView;
  date: string;
  locale: string;
  resources: object[];
  events: EventInput[];
  crewLabel: string;
  loadLabel: string;
  height: number;
  /** Nothing can be dragged or dropped (a manager watching the board). */
  readOnly?: boolean;
  /** The current instant as calendar wall time (see wall-time.ts): where the now line is drawn. */
  now: () => Date;
  /** A visit dropped from the tray: the lane and the wall-clock time it landed on. */
  onDropVisit: (visitId: string, crewId: string, at: Date) => void;
  /** A placed visit dragged to another time or lane; call `revert()` if it is not saved. */
  onMoveVisit: (visitId: string, crewId: string, at: Date, revert: () => void) => void;
  onSelectVisit: (visitId: string) => void;
  onHoverVisit: (visitId: string | null) => void;
  onPainted?: () => void;
}

// Options that never change, made once: FullCalendar re-reads every option whenever its React component renders.
const PLUGINS = [resourceTimelinePlugin, resourceTimeGridPlugin, interactionPlugin];
const LOCALES = [zhCnLocale];
const DAY_HEADER = { weekday: 'short', day: 'numeric' } as const;
const TIME_FORMAT = { hour: '2-digit', minute: '2-digit', hour12: false } as const;
const noDates = (_: DatesSetArg) => undefined;

type CalendarOptions = ComponentProps<typeof FullCalendar>;

/**
 * FullCalendar's React component renders (and refines every option and re-renders its whole tree) each time its
 * parent does: with a lender's 29 lanes and 231 visits each such pass cost ~0.5 s of a loaded 2-core machine, and
 * the board's parent renders several times while the page fills in. Rendered only when its options change.
 */
const Calendar = memo(function Calendar({
  options,
  calendarRef,
}: {
  options: CalendarOptions;
  calendarRef: Ref<FullCalendar>;
}) {
  return <FullCalendar ref={calendarRef} {...options} />;
});

/**
 * The FullCalendar wrapper: crew lanes grouped by team, 15-minute snapping, the calendar clock in UTC carrying
 * the team's wall time (see wall-time.ts). Events come in ready-made from to-calendar-events.ts.
 */
export function ScheduleCalendar(p: ScheduleCalendarProps) {
  const ref = useRef<FullCalendar>(null);
  // The handlers (and FullCalendar's `now`, read once) reach the latest props through this ref, so a new handler
  // from the parent does not make new options.
  const latest = useRef(p);
  latest.current = p;
  const now = useCallback(() => latest.current.now(), []);
  useEffect(() => {
    const api = ref.current?.getApi();
    if (api && api.view.type !== p.view) api.changeView(p.view);
  }, [p.view]);
  useEffect(() => {
    ref.current?.getApi().gotoDate(p.date);
  }, [p.date]);
  useEffect(() => {
    if (p.events.length) requestAnimationFrame(() => latest.current.onPainted?.());
  }, [p.events]);

  const handlers = useMemo<CalendarOptions>(
    () => ({
      eventDidMount: (info) => {
        if (info.event.extendedProps.kind === 'visit') {
          info.el.setAttribute('data-testid', 'calendar-visit');
          info.el.setAttribute('data-visit-id', String(info.event.extendedProps.visitId));
          // Fill = status, left edge = the crew's colour (the same as its route on the map).
          info.el.style.borderLeft = `4px solid ${info.event.extendedProps.crewColor}`;
          info.el.title = `${info.event.title} · ${info.event.extendedProps.district}`;
        }
      },
      eventClick: (info) => {
        const id = info.event.extendedProps.visitId as string | undefined;
        if (id) latest.current.onSelectVisit(id);
      },
      eventMouseEnter: (info) => latest.current.onHoverVisit((info.event.extendedProps.visitId as string) ?? null),
      eventMouseLeave: () => latest.current.onHoverVisit(null),
      drop: (info: DropArg & { resource?: { id: string } }) => {
        const id = info.draggedEl.dataset.visitId;
        if (id && info.resource) latest.current.onDropVisit(id, info.resource.id, info.date);
      },
      eventDrop: (info: EventDropArg & { newResource?: { id: string } | null }) => {
        const id = info.event.extendedProps.visitId as string;
        const crewId = info.newResource?.id ?? info.event.getResources()[0]?.id;
        if (!id || !crewId || !info.event.start) return info.revert();
        latest.current.onMoveVisit(id, crewId, info.event.start, info.revert);
      },
    }),
    [],
  );

  // Read once by FullCalendar; later changes go through its API (the effects above).
  const initial = useRef({ view: p.view, date: p.date }).current;
  const { licenseKey, locale, height, resources, events, crewLabel, loadLabel, readOnly } = p;
  const options = useMemo<CalendarOptions>(
    () => ({
      ...handlers,
      plugins: PLUGINS,
      schedulerLicenseKey: licenseKey,
      initialView: initial.view,
      initialDate: initial.date,
      timeZone: 'UTC',
      // FullCalendar's own words (e.g. its "more" links) in Chinese; English is built in.
      locales: LOCALES,
      locale,
      // Visits always have times: no "all-day" row in the day and week grids.
      allDaySlot: false,
      headerToolbar: false,
      height,
      resources,
      // In the week grid each day heads its crews' columns; otherwise 7 × n day labels crowd the header.
      datesAboveResources: true,
      dayHeaderFormat: DAY_HEADER,
      resourceGroupField: 'team',
      resourceOrder: 'team,title',
      resourceAreaWidth: 196,
      resourceAreaColumns: [
        { field: 'title', headerContent: crewLabel, width: 78 },
        { field: 'load', headerContent: loadLabel },
      ],
      events,
      slotMinTime: '07:00:00',
      slotMaxTime: '23:00:00',
      slotDuration: '00:30:00',
      snapDuration: '00:15:00',
      slotMinWidth: 28,
      slotLabelFormat: TIME_FORMAT,
      eventTimeFormat: TIME_FORMAT,
      scrollTime: '08:00:00',
      // The calendar runs in UTC carrying the team's wall time, so "now" must be the team's wall time too, or
      // the line (and FullCalendar's past/future styling) would sit at the browser's UTC hour.
      now,
      nowIndicator: true,
      editable: !readOnly,
      eventDurationEditable: false,
      droppable: !readOnly,
      eventMinWidth: 6,
      datesSet: noDates,
    }),
    [
      handlers,
      licenseKey,
      locale,
      height,
      resources,
      events,
      crewLabel,
      loadLabel,
      readOnly,
      now,
      initial.view,
      initial.date,
    ],
  );

  return <Calendar options={options} calendarRef={ref} />;
}
