import type { EventDropArg, EventInput } from '@fullcalendar/core';
import zhCnLocale from '@fullcalendar/core/locales/zh-cn';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import resourceTimelinePlugin from '@fullcalendar/resource-timeline';
import { addDays, localDate, localTime } from '@shared/time';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fromWall, toWall } from '../../calendar/wall-time';
import type { RouterOutputs } from '../../lib/trpc';
import '../../calendar/schedule-calendar.css';

type Roster = RouterOutputs['roster']['range'];
type Shift = Roster['shifts'][number];

/** New local times of a shift after a drag or a stretch on the calendar. */
export interface ShiftTimes {
  starts: string;
  ends: string;
  breakStarts?: string;
  breakEnds?: string;
  breakMinutes: number;
}

const EXCEPTION_COLOR: Record<string, string> = {
  leave: '#74c0fc',
  sickness: '#ffa8a8',
  training: '#b2f2bb',
  public_holiday: '#ffd43b',
};

/**
 * The roster as a FullCalendar resource timeline: one row per agent, shifts as bars (hatched border when set by
 * hand), exceptions shaded behind them and public holidays across every row. Like the dispatch board the
 * calendar runs in UTC carrying the team's wall time (wall-time.ts).
 */
export function RosterCalendar(p: {
  licenseKey: string;
  roster: Roster;
  from: string;
  editable: boolean;
  height: number;
  onOpenShift: (shift: Shift) => void;
  onMoveShift: (shift: Shift, times: ShiftTimes, revert: () => void) => void;
}) {
  const { t, i18n } = useTranslation();
  const ref = useRef<FullCalendar>(null);
  const zone = p.roster.timeZone;
  useEffect(() => {
    ref.current?.getApi().gotoDate(p.from);
  }, [p.from]);
  const resources = useMemo(
    () => p.roster.agents.map((a) => ({ id: a.id, title: a.fullName, badge: a.badgeNo })),
    [p.roster.agents],
  );
  const events = useMemo<EventInput[]>(() => {
    const hm = (iso: string) => localTime(new Date(iso), zone);
    const shifts = p.roster.shifts.map((s) => ({
      id: s.id,
      resourceId: s.agentId,
      start: toWall(s.startsAt, zone),
      end: toWall(s.endsAt, zone),
      title: `${hm(s.startsAt)}–${hm(s.endsAt)}`,
      classNames: s.origin === 'manual' ? ['roster-shift', 'roster-shift-manual'] : ['roster-shift'],
      editable: p.editable && s.workDate >= p.roster.today,
      extendedProps: { kind: 'shift', shiftId: s.id },
    }));
    const exceptions = p.roster.exceptions.map((e) => ({
      id: `x-${e.id}`,
      ...(e.agentId ? { resourceId: e.agentId } : {}),
      start: e.startsOn,
      end: addDays(e.endsOn, 1),
      allDay: true,
      display: 'background',
      backgroundColor: EXCEPTION_COLOR[e.kind],
      title: t(`roster.kinds.${e.kind}`),
      extendedProps: { kind: 'exception' },
    }));
    return [...exceptions, ...shifts];
  }, [p.roster, p.editable, zone, t]);

  const shiftOf = (id: string) => p.roster.shifts.find((s) => s.id === id);
  /** The shift's new local times, or null when it left its own date (a shift belongs to one date and agent). */
  function timesAfter(shift: Shift, start: Date, end: Date, moved: boolean): ShiftTimes | null {
    const s = fromWall(start, zone);
    const e = fromWall(end, zone);
    if (localDate(s, zone) !== shift.workDate || localDate(new Date(e.getTime() - 1), zone) !== shift.workDate)
      return null;
    const times: ShiftTimes = { starts: localTime(s, zone), ends: localTime(e, zone), breakMinutes: 0 };
    if (shift.breakStartsAt && shift.breakEndsAt) {
      // A moved shift takes its break along; a stretched one keeps it where it was if it still fits.
      const delta = moved ? s.getTime() - new Date(shift.startsAt).getTime() : 0;
      const bs = new Date(new Date(shift.breakStartsAt).getTime() + delta);
      const be = new Date(new Date(shift.breakEndsAt).getTime() + delta);
      if (bs >= s && be <= e) {
        times.breakStarts = localTime(bs, zone);
        times.breakEnds = localTime(be, zone);
        times.breakMinutes = shift.breakMinutes;
      }
    }
    return times;
  }
  const changed = (info: EventDropArg | EventResizeDoneArg, moved: boolean) => {
    const shift = shiftOf(String(info.event.extendedProps.shiftId));
    const newResource = 'newResource' in info ? info.newResource : null;
    const times =
      shift && info.event.start && info.event.end && !newResource
        ? timesAfter(shift, info.event.start, info.event.end, moved)
        : null;
    if (!shift || !times) return info.revert();
    p.onMoveShift(shift, times, info.revert);
  };

  return (
    <FullCalendar
      ref={ref}
      plugins={[resourceTimelinePlugin, interactionPlugin]}
      schedulerLicenseKey={p.licenseKey}
      initialView="resourceTimelineWeek"
      initialDate={p.from}
      firstDay={1}
      timeZone="UTC"
      locales={[zhCnLocale]}
      locale={i18n.language === 'zh-CN' ? 'zh-cn' : 'en'}
      headerToolbar={false}
      height={p.height}
      resources={resources}
      resourceOrder="title"
      resourceAreaWidth="18%"
      resourceAreaHeaderContent={t('roster.agent')}
      events={events}
      slotMinTime="06:00:00"
      slotMaxTime="22:00:00"
      slotDuration="04:00:00"
      snapDuration="00:15:00"
      slotMinWidth={36}
      slotLabelFormat={[
        { weekday: 'short', day: 'numeric' },
        { hour: '2-digit', hour12: false },
      ]}
      // Bare hours ("06", not "06时"): a week of 4-hour slots leaves little room per label.
      slotLabelContent={(arg) => (arg.level === 1 ? String(arg.date.getUTCHours()).padStart(2, '0') : arg.text)}
      eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
      editable={p.editable}
      eventResourceEditable={false}
      eventDidMount={(info) => {
        if (info.event.extendedProps.kind === 'shift') {
          info.el.setAttribute('data-testid', 'roster-shift');
          info.el.setAttribute('data-shift-id', String(info.event.extendedProps.shiftId));
        }
      }}
      eventClick={(info) => {
        const shift = shiftOf(String(info.event.extendedProps.shiftId));
        if (shift) p.onOpenShift(shift);
      }}
      eventDrop={(info) => changed(info, true)}
      eventResize={(info) => changed(info, false)}
    />
  );
}
