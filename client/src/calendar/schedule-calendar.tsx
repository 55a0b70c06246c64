import type { DatesSetArg, EventDropArg, EventInput } from '@fullcalendar/core';
import zhCnLocale from '@fullcalendar/core/locales/zh-cn';
import interactionPlugin, { type DropArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import resourceTimeGridPlugin from '@fullcalendar/resource-timegrid';
import resourceTimelinePlugin from '@fullcalendar/resource-timeline';
import { useCallback, useEffect, useRef } from 'react';
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

/**
 * The FullCalendar wrapper: crew lanes grouped by team, 15-minute snapping, the calendar clock in UTC carrying
 * the team's wall time (see wall-time.ts). Events come in ready-made from to-calendar-events.ts.
 */
export function ScheduleCalendar(p: ScheduleCalendarProps) {
  const ref = useRef<FullCalendar>(null);
  // FullCalendar reads its `now` function once; the latest clock (and team zone) is read through this ref.
  const nowRef = useRef(p.now);
  nowRef.current = p.now;
  const now = useCallback(() => nowRef.current(), []);
  useEffect(() => {
    const api = ref.current?.getApi();
    if (api && api.view.type !== p.view) api.changeView(p.view);
  }, [p.view]);
  useEffect(() => {
    ref.current?.getApi().gotoDate(p.date);
  }, [p.date]);
  useEffect(() => {
    if (p.events.length) requestAnimationFrame(() => p.onPainted?.());
  }, [p.events, p.onPainted]);

  return (
    <FullCalendar
      ref={ref}
      plugins={[resourceTimelinePlugin, resourceTimeGridPlugin, interactionPlugin]}
      schedulerLicenseKey={p.licenseKey}
      initialView={p.view}
      initialDate={p.date}
      timeZone="UTC"
      // FullCalendar's own words (e.g. its "more" links) in Chinese; English is built in.
      locales={[zhCnLocale]}
      locale={p.locale}
      // Visits always have times: no "all-day" row in the day and week grids.
      allDaySlot={false}
      headerToolbar={false}
      height={p.height}
      resources={p.resources}
      // In the week grid each day heads its crews' columns; otherwise 7 × n day labels crowd the header.
      datesAboveResources
      dayHeaderFormat={{ weekday: 'short', day: 'numeric' }}
      resourceGroupField="team"
      resourceOrder="team,title"
      resourceAreaWidth={196}
      resourceAreaColumns={[
        { field: 'title', headerContent: p.crewLabel, width: 78 },
        { field: 'load', headerContent: p.loadLabel },
      ]}
      events={p.events}
      slotMinTime="07:00:00"
      slotMaxTime="23:00:00"
      slotDuration="00:30:00"
      snapDuration="00:15:00"
      slotMinWidth={28}
      slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
      eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
      scrollTime="08:00:00"
      // The calendar runs in UTC carrying the team's wall time, so "now" must be the team's wall time too, or
      // the line (and FullCalendar's past/future styling) would sit at the browser's UTC hour.
      now={now}
      nowIndicator
      editable={!p.readOnly}
      eventDurationEditable={false}
      droppable={!p.readOnly}
      eventMinWidth={6}
      eventDidMount={(info) => {
        if (info.event.extendedProps.kind === 'visit') {
          info.el.setAttribute('data-testid', 'calendar-visit');
          info.el.setAttribute('data-visit-id', String(info.event.extendedProps.visitId));
          // Fill = status, left edge = the crew's colour (the same as its route on the map).
          info.el.style.borderLeft = `4px solid ${info.event.extendedProps.crewColor}`;
          info.el.title = `${info.event.title} · ${info.event.extendedProps.district}`;
        }
      }}
      eventClick={(info) => {
        const id = info.event.extendedProps.visitId as string | undefined;
        if (id) p.onSelectVisit(id);
      }}
      eventMouseEnter={(info) => p.onHoverVisit((info.event.extendedProps.visitId as string) ?? null)}
      eventMouseLeave={() => p.onHoverVisit(null)}
      drop={(info: DropArg & { resource?: { id: string } }) => {
        const id = info.draggedEl.dataset.visitId;
        if (id && info.resource) p.onDropVisit(id, info.resource.id, info.date);
      }}
      eventDrop={(info: EventDropArg & { newResource?: { id: string } | null }) => {
        const id = info.event.extendedProps.visitId as string;
        const crewId = info.newResource?.id ?? info.event.getResources()[0]?.id;
        if (!id || !crewId || !info.event.start) return info.revert();
        p.onMoveVisit(id, crewId, info.event.start, info.revert);
      }}
      datesSet={(_: DatesSetArg) => undefined}
    />
  );
}
