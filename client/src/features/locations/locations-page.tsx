import { Alert, Badge, Button, Grid, Group, Pagination, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { QueryState } from '../../components/query-state';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';
import { FitBounds } from '../../map/layers/fit-bounds';
import { PickPointLayer } from '../../map/layers/pick-point-layer';
import { RegionLayer } from '../../map/layers/region-layer';
import { MapView } from '../../map/map-view';

type Queue = RouterOutputs['locations']['queue'];
type Row = Queue['rows'][number];

/** Where the map opens for a team without bases (central Shanghai). */
const DEFAULT_CENTER: [number, number] = [31.2304, 121.4737];
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * "Needs a location" (SPEC §8.3): the team's addresses that came in without coordinates the geocoder could place.
 * A dispatcher picks one, clicks the map where it is (drags the pin to adjust) inside the team's region — the
 * dashed box around its bases — and saves; no visit is agreed for the address before. ?address=… opens one.
 */
export default function LocationsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { teams, team, setTeam } = useTeamFilter();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(0);
  const config = useQuery(trpc.config.public.queryOptions());
  const queue = useQuery({
    ...trpc.locations.queue.queryOptions({ teamId: team?.id ?? '', page }),
    enabled: !!team,
    placeholderData: keepPreviousData,
  });
  const selectedId = params.get('address');
  const selected = queue.data?.rows.find((r) => r.addressId === selectedId) ?? null;
  const select = (id: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('address', id);
        else next.delete('address');
        return next;
      },
      { replace: true },
    );
  const [pin, setPin] = useState<{ lat: number; lng: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const move = useCallback((p: { lat: number; lng: number }) => {
    setProblem(null);
    setPin({ lat: round6(p.lat), lng: round6(p.lng) });
  }, []);
  const save = useMutation(
    trpc.locations.pin.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('locations.saved', { address: selected?.text ?? '' }) });
        setPin(null);
        setKey(crypto.randomUUID());
        select(null);
        void queryClient.invalidateQueries({ queryKey: trpc.locations.queue.queryKey() });
      },
      onError: (err) => {
        const info = errorInfo(err);
        setProblem(Object.values(info.fieldErrors)[0] ?? info.message);
        setKey(crypto.randomUUID());
        // Placed meanwhile by someone else: the list is stale.
        void queryClient.invalidateQueries({ queryKey: trpc.locations.queue.queryKey() });
      },
    }),
  );

  const bases = useMemo(
    () => (queue.data?.bases ?? []).map((b) => ({ id: b.id, lat: b.lat, lng: b.lng, label: b.name, active: true })),
    [queue.data?.bases],
  );
  const first = queue.data?.bases[0];
  const region = queue.data?.region ?? null;
  const regionCorners = useMemo(
    (): Array<[number, number]> =>
      region
        ? [
            [region.south, region.west],
            [region.north, region.east],
          ]
        : [],
    [region],
  );
  const columns: Column<Row>[] = [
    {
      key: 'address',
      header: t('locations.address'),
      render: (r) => (
        <Button
          variant={r.addressId === selectedId ? 'light' : 'subtle'}
          size="compact-sm"
          onClick={() => {
            select(r.addressId);
            setPin(null);
            setProblem(null);
          }}
          data-testid="locations-pick"
          styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
        >
          {r.text}
        </Button>
      ),
    },
    { key: 'district', header: t('locations.district'), render: (r) => r.district, nowrap: true },
    { key: 'borrower', header: t('locations.borrower'), render: (r) => r.borrowerName, nowrap: true },
    { key: 'loans', header: t('locations.loans'), render: (r) => r.loanRefs.join(', ') },
  ];

  return (
    <>
      <PageHeader title={t('locations.title')}>
        <TeamSelect
          teams={teams.data ?? []}
          value={team?.id}
          onChange={(id) => {
            setTeam(id);
            setPage(0);
            select(null);
          }}
        />
      </PageHeader>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder p="sm">
            <Text size="sm" c="dimmed" mb="xs">
              {t('locations.intro')}
            </Text>
            <QueryState query={queue}>
              {(data) => (
                <Stack gap="xs">
                  <Group gap="xs">
                    <Badge variant="light" color={data.total > 0 ? 'orange' : 'teal'} data-testid="locations-total">
                      {t('locations.count', { count: data.total })}
                    </Badge>
                  </Group>
                  <DataTable
                    testId="locations"
                    rows={data.rows}
                    rowKey={(r) => r.addressId}
                    columns={columns}
                    minWidth={520}
                  />
                  {data.total > data.pageSize && (
                    <Pagination
                      total={Math.ceil(data.total / data.pageSize)}
                      value={page + 1}
                      onChange={(p) => setPage(p - 1)}
                      size="sm"
                    />
                  )}
                </Stack>
              )}
            </QueryState>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder p="sm">
            <Stack gap="xs">
              {selected ? (
                <div data-testid="locations-selected">
                  <Text fw={600}>{selected.text}</Text>
                  <Text size="sm" c="dimmed">
                    {selected.borrowerName} · {selected.loanRefs.join(', ')}
                  </Text>
                </div>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('locations.pickOne')}
                </Text>
              )}
              {config.data && (
                <MapView
                  key={team?.id ?? 'none'}
                  tileUrl={config.data.tileUrl}
                  center={first ? [first.lat, first.lng] : DEFAULT_CENTER}
                  zoom={10}
                  height={460}
                >
                  <RegionLayer region={region} />
                  <FitBounds points={regionCorners} fitKey={`${team?.id}:${region ? 'region' : 'none'}`} />
                  <PickPointLayer points={bases} picked={selected ? pin : null} onPick={move} draggable />
                </MapView>
              )}
              <Text size="xs" c="dimmed">
                {queue.data?.region
                  ? t('locations.regionHint', { km: queue.data.region.marginKm })
                  : t('locations.noRegion')}
              </Text>
              {problem && (
                <Alert color="red" data-testid="locations-error">
                  {problem}
                </Alert>
              )}
              <Group justify="space-between">
                <Text size="sm" data-testid="locations-pin">
                  {selected && pin
                    ? `${pin.lat.toFixed(6)}, ${pin.lng.toFixed(6)}`
                    : selected
                      ? t('locations.clickMap')
                      : ''}
                </Text>
                <Button
                  disabled={!selected || !pin}
                  loading={save.isPending}
                  onClick={() =>
                    selected && pin && save.mutate({ addressId: selected.addressId, ...pin, idempotencyKey })
                  }
                  data-testid="locations-save"
                >
                  {t('locations.save')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
