import { Alert, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate } from '../../lib/format';
import { setWrittenData } from '../../lib/refresh';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { useMe } from '../auth/use-me';
import { CalendarFeedSection } from '../calendar/calendar-feed-section';
import { useKeepDayBadges } from './badge-cache';
import { BadgeScreen } from './badge-screen';
import { readCached, routeCacheKey, writeCached } from './device-data';
import { OutcomeForm } from './outcome-form';
import { RouteMap } from './route-map';
import { type FieldRoute, isDone, patchStop, withQueued } from './route-state';
import { type StopAction, StopCard } from './stop-card';
import { SyncPanel } from './sync-panel';
import { dismiss, enqueue, flush, newClientId, onSent, onSynced, stopRetrying, useQueue } from './sync-store';
import { currentPosition, registerServiceWorker, useOnline } from './use-online';

/** The agent's day on the phone: route list and map, badge and check-in, outcome form, offline queue. */
export default function MyRoutePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const online = useOnline();
  const { items } = useQueue();
  const [params, setParams] = useSearchParams();
  const [busy, setBusy] = useState<string | null>(null);
  const [checkInError, setCheckInError] = useState<string | null>(null);
  const userId = useMe().data?.id;
  // The copy kept on the phone is the route's starting data, dated never (so it is re-read at once): a re-read that
  // fails without signal — a reload offline, or one on its way when the signal went — leaves it on screen.
  const route = useQuery({
    ...trpc.field.today.queryOptions({}),
    initialData: () => readCached<FieldRoute>(routeCacheKey(userId)),
    initialDataUpdatedAt: 0,
  });
  const fromServer = route.dataUpdatedAt > 0;

  useEffect(() => {
    if (route.data && fromServer) writeCached(routeCacheKey(userId), route.data);
  }, [route.data, fromServer, userId]);
  useEffect(() => registerServiceWorker(), []);
  // The day's badges are kept on the phone for showing ID without signal; refreshed when the route changes.
  const routeKey =
    route.data && fromServer
      ? `${route.data.date}:${route.data.stops.map((s) => `${s.id}.${s.version}`).join(',')}`
      : null;
  useKeepDayBadges(online, routeKey);
  useEffect(
    () => onSynced(() => void queryClient.invalidateQueries({ queryKey: trpc.field.today.queryKey() })),
    [queryClient, trpc],
  );
  useEffect(
    () =>
      onSent((item, result) => {
        if (!result.status) return;
        // A re-read still on its way (the one after the previous sync) is older than this answer: dropped.
        setWrittenData<FieldRoute>(queryClient, trpc.field.today.queryKey({}), (old) =>
          old
            ? ({
                ...old,
                stops: old.stops.map((s) => (s.id === item.visitId ? patchStop(s, result) : s)),
              } as typeof old)
            : old,
        );
      }),
    [queryClient, trpc],
  );
  useEffect(() => {
    if (online) void flush(client);
    // Offline again or the page left: the queue waits for the next online event instead of a timer.
    return stopRetrying;
  }, [online, client]);

  const stops = useMemo(() => withQueued(route.data?.stops ?? [], items), [route.data, items]);
  const selected = stops.find((s) => s.id === params.get('stop'));
  const view = selected ? params.get('view') : null;
  const open = (stopId: string | null, v?: 'badge' | 'outcome') => {
    setCheckInError(null);
    setParams(stopId && v ? { stop: stopId, view: v } : {});
    window.scrollTo(0, 0);
  };

  async function act(stopId: string, action: StopAction) {
    const stop = stops.find((s) => s.id === stopId);
    if (!stop) return;
    if (action !== 'enRoute') return open(stopId, action);
    setBusy(stopId);
    const clientId = newClientId();
    const res = await enqueue(
      client,
      // The tap's own time: sent later from the queue, the record still says when the crew set off.
      {
        kind: 'enRoute',
        visitId: stopId,
        input: { visitId: stopId, version: stop.version, clientId, at: new Date().toISOString() },
      },
      clientId,
    );
    if (res.state === 'failed') {
      await dismiss(clientId);
      setCheckInError(res.error);
    }
    setBusy(null);
  }

  async function checkIn() {
    if (!selected) return;
    setBusy(selected.id);
    setCheckInError(null);
    try {
      const pos = await currentPosition().catch(() => null);
      if (!pos) {
        setCheckInError(t('field.checkIn.noPosition'));
        return;
      }
      const clientId = newClientId();
      const input = {
        visitId: selected.id,
        version: selected.version,
        clientId,
        at: new Date().toISOString(),
        lat: pos.coords.latitude,
        lng: pos.coords.longitude,
        accuracyM: pos.coords.accuracy,
      };
      const res = await enqueue(client, { kind: 'checkIn', visitId: selected.id, input }, clientId);
      if (res.state === 'failed') {
        await dismiss(clientId);
        setCheckInError(res.error);
      }
    } finally {
      setBusy(null);
    }
  }

  return (
    <Container size={560} px={0}>
      <QueryState query={route}>
        {(r) => (
          <Stack gap="sm">
            <SyncPanel online={online} timeZone={r.timeZone} />
            {selected && view === 'badge' && (
              <BadgeScreen
                stop={selected}
                timeZone={r.timeZone}
                onCheckIn={() => void checkIn()}
                checkingIn={busy === selected.id}
                checkInError={checkInError}
                onOutcome={() => open(selected.id, 'outcome')}
                onBack={() => open(null)}
              />
            )}
            {selected && view === 'outcome' && (
              <OutcomeForm
                stop={selected}
                today={r.date}
                onDone={() => open(null)}
                onShowBadge={() => open(selected.id, 'badge')}
              />
            )}
            {!view && (
              <>
                <Group justify="space-between" align="baseline">
                  <Title order={2} data-testid="page-title">
                    {t('myRoute.title')}
                  </Title>
                  <Text c="dimmed" size="sm" data-testid="route-progress">
                    {formatCalendarDate(r.date, currentLanguage())} ·{' '}
                    {t('field.progress', { done: stops.filter(isDone).length, count: stops.length })}
                  </Text>
                </Group>
                {r.crew ? (
                  <Text size="sm" data-testid="route-crew">
                    {t('myRoute.crew')}: {r.crew.name} —{' '}
                    {r.crew.members.map((m) => `${m.fullName} (${m.badgeNo})`).join(', ')}
                  </Text>
                ) : (
                  <Alert color="gray">{t('myRoute.noCrew')}</Alert>
                )}
                {checkInError && <Alert color="red">{checkInError}</Alert>}
                {r.stops.length === 0 && r.crew && <Alert color="gray">{t('myRoute.noStops')}</Alert>}
                <RouteMap stops={stops} />
                {stops.map((stop, i) => (
                  <StopCard
                    key={stop.id}
                    stop={stop}
                    index={i}
                    timeZone={r.timeZone}
                    busy={busy === stop.id}
                    onAction={(a) => void act(stop.id, a)}
                  />
                ))}
                <Text size="xs" c="dimmed" ta="center">
                  {t('common.timeZone', { zone: r.timeZone })}
                </Text>
                {online && <CalendarFeedSection timeZone={r.timeZone} />}
              </>
            )}
          </Stack>
        )}
      </QueryState>
    </Container>
  );
}
