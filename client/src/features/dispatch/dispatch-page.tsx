import {
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { mayEditBoard } from '@shared/domain/permissions';
import { pageOfTeams } from '@shared/domain/team-pages';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { CalendarView } from '../../calendar/schedule-calendar';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { oldestPosition } from '../../lib/live-start';
import { markOnce } from '../../lib/perf-mark';
import { useTRPC } from '../../lib/trpc';
import { useMe } from '../auth/use-me';
import { FollowUpQueue, useFollowUps } from '../cases/follow-up-queue';
import { Board } from './board';
import { FieldConflicts, openConflictCount } from './field-conflicts';
import { LiveBoard } from './live-board';
import { SummaryBar } from './summary-bar';
import { TeamPager } from './team-pager';
import { TravelWarning } from './travel-warning';
import { useBoard } from './use-board';
import { useBoardDate, useTeamWeek } from './use-board-date';
import { WeekOverview } from './week-overview';

const ALL = 'all';
const VIEWS: Record<string, CalendarView> = {
  timeline: 'resourceTimelineDay',
  grid: 'resourceTimeGridDay',
  week: 'resourceTimeGridWeek',
};

// Opened on demand, so their code is not part of the board's first load.
const AutoPlanModal = lazy(() => import('./auto-plan-modal').then((m) => ({ default: m.AutoPlanModal })));
const VisitList = lazy(() => import('./visit-list'));

/**
 * Marks when the calendar first painted events after navigation, and when it first painted them with their slot and
 * travel blocks (read by the e2e checks and the bench).
 */
const markPainted = (complete: boolean) => {
  markOnce('dispatch-painted');
  if (complete) markOnce('dispatch-blocks-painted');
};

/** The dispatch console: one or all of the user's teams on a day (or week), live, with auto-plan. */
export default function DispatchPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const me = useMe();
  // What the signed-in user may do decides what the board offers; the server refuses the rest anyway.
  const editor = me.data ? mayEditBoard(me.data.role) : false;
  const teams = useQuery(trpc.teams.list.queryOptions());
  const config = useQuery(trpc.config.public.queryOptions());
  const [params, setParams] = useSearchParams();
  const list = teams.data ?? [];
  const wanted = params.get('team');
  // Until the team list arrives, the team the address names is taken at its word: its day is then asked for in
  // the same batch as the list instead of one round trip after it (#17: board visible ≤ 2 s). A team the user
  // does not see answers NOT_FOUND, and the list then picks the first team as before.
  const trusted = teams.isPending && wanted && wanted !== ALL && params.get('date') ? wanted : null;
  const teamChoice = wanted === ALL ? ALL : (list.find((x) => x.id === wanted)?.id ?? trusted ?? list[0]?.id ?? null);
  const chosen = teamChoice === ALL ? list.map((x) => x.id) : teamChoice ? [teamChoice] : [];
  const shown = pageOfTeams(chosen, Number(params.get('teams') ?? 1));
  const teamIds = shown.ids;
  const team = list.find((x) => x.id === teamChoice);
  const zone = team?.timeZone ?? list[0]?.timeZone ?? 'Asia/Shanghai';
  // In the address (?view=week), so a link or a reload keeps the week of all teams.
  const asked = params.get('view') ?? '';
  const date = useBoardDate({ params, allTeams: wanted === ALL, week: asked === 'week', teamIds, zone });
  const view = Object.hasOwn(VIEWS, asked) ? (VIEWS[asked] as CalendarView) : 'resourceTimelineDay';
  const setView = (v: CalendarView) => set('view', Object.entries(VIEWS).find(([, x]) => x === v)?.[0] ?? null);
  const [tab, setTab] = useState<string | null>('board');
  // The list narrowed to the visits counted as "at risk" (from the summary bar), until the chip is closed.
  const [riskOnly, setRiskOnly] = useState(false);
  const [live, setLive] = useState(true);
  const [plan, setPlan] = useState<null | { fromNow: boolean }>(null);
  const set = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const days = view === 'resourceTimeGridWeek' ? 7 : 1;
  // The week of several teams is a counted overview; one team's week opens on the board below it on demand.
  const overview = days === 7 && teamIds.length > 1;
  const opened = params.get('open');
  const openTeamId = overview && opened && teamIds.includes(opened) ? opened : null;
  const boardTeamIds = !date ? [] : overview ? (openTeamId ? [openTeamId] : []) : teamIds;
  const { board, loading, error, liveFrom } = useBoard(boardTeamIds, date, days);
  // The week overview's own read (the same query as WeekOverview's): the stream covers what it shows too.
  const week = useTeamWeek(teamIds, params.get('date') ?? undefined, overview);
  const streamFrom = oldestPosition([
    ...(overview ? [week.data?.liveFrom] : []),
    ...(boardTeamIds.length ? [liveFrom] : []),
  ]);
  // A page of 50 and the total: small enough to share the board's first batch.
  const followUps = useFollowUps(teamIds);
  const onPainted = useCallback(markPainted, []);

  return (
    <Stack gap="xs">
      <PageHeader title={t('dispatch.title')}>
        <Select
          label={t('common.team')}
          data-testid="team-select"
          w={200}
          data={[
            ...list.map((x) => ({ value: x.id, label: x.name })),
            ...(list.length > 1 ? [{ value: ALL, label: t('dispatch.allTeams') }] : []),
          ]}
          value={teamChoice}
          onChange={(v) => set('team', v)}
          allowDeselect={false}
        />
        <TextInput
          type="date"
          label={t('common.date')}
          value={date}
          onChange={(e) => set('date', e.currentTarget.value)}
          data-testid="dispatch-date"
        />
        <SegmentedControl
          mt={22}
          size="xs"
          value={view}
          onChange={(v) => setView(v as CalendarView)}
          data={[
            { value: 'resourceTimelineDay', label: t('dispatch.view.timeline') },
            { value: 'resourceTimeGridDay', label: t('dispatch.view.grid') },
            { value: 'resourceTimeGridWeek', label: t('dispatch.view.week') },
          ]}
          data-testid="dispatch-view"
        />
        <Tooltip label={t('dispatch.live.tip')}>
          <Switch
            mt={22}
            checked={live}
            onChange={(e) => setLive(e.currentTarget.checked)}
            label={live ? t('dispatch.live.on') : t('dispatch.live.off')}
            data-testid="live-toggle"
          />
        </Tooltip>
        {editor && (
          <Tooltip label={t('dispatch.plan.noPlan')} disabled={Boolean(team)}>
            <Group gap={6} mt={22}>
              <Button size="xs" disabled={!team} onClick={() => setPlan({ fromNow: false })} data-testid="plan-open">
                {t('dispatch.plan.button')}
              </Button>
              <Button
                size="xs"
                variant="light"
                disabled={!team}
                onClick={() => setPlan({ fromNow: true })}
                data-testid="replan-open"
              >
                {t('dispatch.plan.replan')}
              </Button>
            </Group>
          </Tooltip>
        )}
      </PageHeader>
      {!editor && (
        <Text size="sm" c="dimmed" data-testid="board-read-only">
          {t('dispatch.readOnly')}
        </Text>
      )}
      <TeamPager shown={shown} onPage={(p) => set('teams', String(p))} />
      <LiveBoard teamIds={teamIds} enabled={live} from={streamFrom} />
      {error && <Text c="red">{error.message}</Text>}
      {overview && (
        <>
          <Text size="sm" c="dimmed">
            {t('dispatch.week.hint')}
          </Text>
          <WeekOverview
            teams={teamIds.map((id) => ({ id, name: list.find((x) => x.id === id)?.name ?? id }))}
            from={params.get('date') ?? undefined}
            openTeamId={openTeamId}
            onOpen={(id) => set('open', id)}
          />
        </>
      )}
      {!date ? (
        <PageLoader />
      ) : boardTeamIds.length === 0 ? null : loading || !board || !config.data ? (
        <PageLoader />
      ) : (
        <>
          <TravelWarning warning={board.travelWarning} />
          <SummaryBar
            board={board}
            onShowAtRisk={() => {
              setRiskOnly(true);
              setTab('list');
            }}
          />
          <FieldConflicts teamIds={teamIds} date={date} zone={zone} openCount={openConflictCount(board.visits)} />
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="board" data-testid="dispatch-view-board">
                {t('dispatch.view.board')}
              </Tabs.Tab>
              <Tabs.Tab value="list" data-testid="dispatch-view-list">
                {t('dispatch.view.list')}
              </Tabs.Tab>
              <Tabs.Tab
                value="follow-ups"
                data-testid="dispatch-view-follow-ups"
                rightSection={
                  <Badge size="sm" variant="light" color="orange" data-testid="follow-up-count">
                    {followUps.total}
                  </Badge>
                }
              >
                {t('worklist.followUps.title')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="board" pt="xs">
              <Board
                board={board}
                view={view}
                locale={locale}
                licenseKey={config.data.fullcalendarLicenseKey}
                tileUrl={config.data.tileUrl}
                readOnly={!editor}
                onPainted={onPainted}
              />
            </Tabs.Panel>
            <Tabs.Panel value="list" pt="xs">
              <Suspense fallback={<PageLoader />}>
                <VisitList board={board} locale={locale} riskOnly={riskOnly} onShowAll={() => setRiskOnly(false)} />
              </Suspense>
            </Tabs.Panel>
            <Tabs.Panel value="follow-ups" pt="xs">
              <FollowUpQueue queue={followUps} timeZone={board.timeZone} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
      {plan && team && (
        <Suspense fallback={null}>
          <AutoPlanModal
            teamId={team.id}
            teamName={team.name}
            date={date}
            fromNow={plan.fromNow}
            timeZone={zone}
            locale={locale}
            onClose={() => setPlan(null)}
          />
        </Suspense>
      )}
    </Stack>
  );
}
