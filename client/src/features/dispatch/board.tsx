import { Box, Group, SegmentedControl, Text } from '@mantine/core';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CalendarView, ScheduleCalendar } from '../../calendar/schedule-calendar';
import { toEvents, toResources } from '../../calendar/to-calendar-events';
import { useVisitsFirst } from '../../calendar/use-visits-first';
import { useWallNow } from '../../calendar/use-wall-now';
import { fromWall } from '../../calendar/wall-time';
import { crewColor, STATUS_COLORS } from '../../map/colors';
import { FitBounds } from '../../map/layers/fit-bounds';
import { type MapRoute, RoutesLayer } from '../../map/layers/routes-layer';
import { VisitMarkersLayer } from '../../map/layers/visit-markers-layer';
import { MapView } from '../../map/map-view';
import { Tray } from './tray';
import type { BoardCrew, Board as BoardData } from './use-board';
import { usePlacement } from './use-placement';

const SHANGHAI: [number, number] = [31.23, 121.47];

// Shown only after a click or a refused placement: loaded then, not with the board.
const AssignDialog = lazy(() => import('./assign-dialog').then((m) => ({ default: m.AssignDialog })));
const RefusalModal = lazy(() => import('./assign-dialog').then((m) => ({ default: m.RefusalModal })));

/** Calendar lanes and the map side by side, the unassigned tray below; drag, click or keyboard to place. */
export function Board({
  board,
  view,
  locale,
  licenseKey,
  tileUrl,
  readOnly = false,
  onPainted,
}: {
  board: BoardData;
  view: CalendarView;
  locale: string;
  licenseKey: string;
  tileUrl: string;
  /** The user may look but not change (a manager): no drag handles, no placing dialog. */
  readOnly?: boolean;
  /** The calendar's first paint (lanes and visits), then again once the slot and travel blocks are drawn too. */
  onPainted?: (complete: boolean) => void;
}) {
  const { t } = useTranslation();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [hoverId, setHoverId] = useState<string | null>(null);
  const [dialogId, setDialogId] = useState<string | null>(null);
  const [mapPick, setMapPick] = useState<string[] | null>(null);
  const [colorBy, setColorBy] = useState<'crew' | 'status'>('crew');
  const placement = usePlacement(board.timeZone, locale);
  const { timeZone } = board;
  const { nowWall, nowDate } = useWallNow(board.clockOffsetMs, timeZone);

  const visitById = useMemo(() => new Map(board.visits.map((v) => [v.id, v])), [board.visits]);
  const crewById = useMemo(() => new Map(board.crews.map((c) => [c.id, c])), [board.crews]);
  // Lanes are per crew name in a team; a drop on a lane on some day means that day's crew of that lane.
  const crewOnLane = (laneId: string, day: string): BoardCrew | undefined =>
    board.crews.find((c) => c.laneId === laneId && c.workDate === day);
  const lanes = useMemo(() => {
    const seen = new Map<string, BoardCrew>();
    for (const c of board.crews) if (!seen.has(c.laneId)) seen.set(c.laneId, c);
    return [...seen.values()].map((c) => ({ ...c, id: c.laneId }));
  }, [board.crews]);
  const highlight = hoverId ?? selectedId;

  const resources = useMemo(() => toResources(lanes, timeZone), [lanes, timeZone]);
  const events = useMemo(() => {
    const laneVisits = board.visits.map((v) => ({
      ...v,
      crewId: v.crewId ? (crewById.get(v.crewId)?.laneId ?? null) : null,
    }));
    const laneCrews = board.crews.map((c) => ({ ...c, id: c.laneId }));
    const colorOfLane = new Map(board.crews.map((c) => [c.laneId, crewColor(c.colorIndex)]));
    const built = toEvents({
      visits: laneVisits,
      crews: laneCrews,
      timeZone,
      dates: board.dates,
      allowed: board.allowed,
      selectedId: highlight,
      laneColor: (laneId) => colorOfLane.get(laneId) ?? '#868e96',
      nowWall,
    });
    // Per-event "editable" (movable visits) would win over the calendar's own setting: switch it off here too.
    return readOnly ? built.map((e) => ({ ...e, editable: false })) : built;
  }, [board, crewById, timeZone, highlight, nowWall, readOnly]);
  const { events: calendarEvents, complete } = useVisitsFirst(events);
  const painted = useCallback(() => onPainted?.(complete), [onPainted, complete]);

  const mapVisits = useMemo(
    () =>
      board.visits
        .filter((v) => v.status !== 'cancelled')
        .map((v) => {
          const crew = v.crewId ? crewById.get(v.crewId) : undefined;
          const color =
            colorBy === 'status' || !crew ? (STATUS_COLORS[v.status] ?? '#868e96') : crewColor(crew.colorIndex);
          return { id: v.id, lat: v.lat, lng: v.lng, color, label: `${v.borrowerName} · ${v.district}` };
        }),
    [board.visits, crewById, colorBy],
  );
  const routes = useMemo<MapRoute[]>(
    () =>
      board.crews.map((c) => {
        const stops = board.visits
          .filter((v) => v.crewId === c.id && v.plannedArrival && v.status !== 'cancelled')
          .sort((a, b) => (a.plannedArrival ?? '').localeCompare(b.plannedArrival ?? ''))
          .map((v): [number, number] => [v.lat, v.lng]);
        const start: [number, number] | null = c.start ? [c.start.lat, c.start.lng] : null;
        const end: [number, number] | null = c.end ? [c.end.lat, c.end.lng] : null;
        return {
          crewId: c.id,
          color: crewColor(c.colorIndex),
          start,
          label: c.name,
          points: [...(start ? [start] : []), ...stops, ...(end ? [end] : [])],
        };
      }),
    [board.crews, board.visits],
  );
  const allPoints = useMemo(() => mapVisits.map((v): [number, number] => [v.lat, v.lng]), [mapVisits]);

  const onDropVisit = async (visitId: string, laneId: string, at: Date) => {
    const visit = visitById.get(visitId);
    const real = fromWall(at, timeZone);
    const crew = crewOnLane(laneId, at.toISOString().slice(0, 10));
    if (visit && crew) await placement.place(visit, crew, real);
  };
  const onMoveVisit = async (visitId: string, laneId: string, at: Date, revert: () => void) => {
    const visit = visitById.get(visitId);
    const crew = crewOnLane(laneId, at.toISOString().slice(0, 10));
    if (!visit || !crew || !(await placement.place(visit, crew, fromWall(at, timeZone)))) revert();
  };
  const select = useCallback((id: string) => setSelectedId((prev) => (prev === id ? null : id)), []);
  const dialogVisit = dialogId ? visitById.get(dialogId) : undefined;

  return (
    <Box>
      {/* Side by side where both fit; on a phone the map goes below the calendar instead of covering it. */}
      <Group align="stretch" gap="sm">
        <Box style={{ flex: '1 1 480px', minWidth: 0 }} data-testid="dispatch-calendar">
          <ScheduleCalendar
            licenseKey={licenseKey}
            view={view}
            date={board.dates[0] as string}
            locale={locale === 'zh-CN' ? 'zh-cn' : 'en'}
            resources={resources}
            events={calendarEvents}
            crewLabel={t('dispatch.dialog.crew')}
            loadLabel={t('dispatch.bar.load')}
            height={Math.max(340, Math.min(490, 100 + lanes.length * 34))}
            readOnly={readOnly}
            now={nowDate}
            onDropVisit={onDropVisit}
            onMoveVisit={onMoveVisit}
            onSelectVisit={(id) => {
              select(id);
              if (!readOnly) setDialogId(id);
            }}
            onHoverVisit={setHoverId}
            onPainted={painted}
          />
        </Box>
        <Box w={360} maw="100%" style={{ flexShrink: 0 }}>
          <MapView
            tileUrl={tileUrl}
            center={SHANGHAI}
            height={Math.max(340, Math.min(490, 100 + lanes.length * 34)) - 30}
          >
            <FitBounds points={allPoints} fitKey={`${board.dates.join()}|${lanes.length}`} />
            <RoutesLayer routes={routes} />
            <VisitMarkersLayer
              visits={mapVisits}
              highlightId={highlight}
              onSelect={select}
              onHover={setHoverId}
              onPickMany={setMapPick}
            />
          </MapView>
          <Group gap={6} mt={4} justify="space-between">
            <Text size="xs" c="dimmed" data-testid="board-legend">
              ▭ {t('dispatch.legend.slot')} · ┅ {t('dispatch.legend.travel')} · ▒ {t('dispatch.legend.past')} · ■{' '}
              {t('dispatch.legend.start')}
            </Text>
            <SegmentedControl
              size="xs"
              value={colorBy}
              onChange={(v) => setColorBy(v as 'crew' | 'status')}
              data={[
                { value: 'crew', label: t('dispatch.col.crew') },
                { value: 'status', label: t('dispatch.col.status') },
              ]}
            />
          </Group>
        </Box>
      </Group>
      <Box mt="sm">
        <Tray
          visits={board.visits}
          timeZone={timeZone}
          locale={locale}
          selectedId={highlight}
          mapPick={mapPick}
          onClearMapPick={() => setMapPick(null)}
          onSelect={select}
          onOpen={readOnly ? select : setDialogId}
          draggable={!readOnly}
        />
      </Box>
      <Suspense fallback={null}>
        {dialogVisit && (
          <AssignDialog
            visit={dialogVisit}
            crews={board.crews}
            timeZone={timeZone}
            locale={locale}
            placement={placement}
            onClose={() => setDialogId(null)}
          />
        )}
        {placement.refusal && <RefusalModal refusal={placement.refusal} onClose={placement.clearRefusal} />}
      </Suspense>
    </Box>
  );
}
