import { Badge, Button, Grid, Group, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useServerErrors } from '../../lib/use-server-form';
import { PickPointLayer } from '../../map/layers/pick-point-layer';
import { MapView } from '../../map/map-view';
import { BaseForm, type BaseValues } from './base-form';

type BaseRow = RouterOutputs['teams']['bases'][number];

const EMPTY: BaseValues = { name: '', address: '', lat: '', lng: '' };
/** Where the map opens for a team without bases yet (central Shanghai). */
const DEFAULT_CENTER: [number, number] = [31.2304, 121.4737];

const asNumber = (v: number | string) => (typeof v === 'number' ? v : Number.NaN);

/**
 * A team's bases — offices and start places of its crews — listed and on the map. A click on the map fills the
 * coordinates of the base being added or edited; they can be typed too (the map works without tiles).
 */
export function BasesTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.admin.teams.queryOptions());
  const config = useQuery(trpc.config.public.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  const teamId = chosen ?? teams.data?.[0]?.id ?? null;
  const bases = useQuery({ ...trpc.teams.bases.queryOptions({ teamId: teamId ?? '' }), enabled: !!teamId });
  const [editing, setEditing] = useState<BaseRow | null>(null);
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const form = useForm<BaseValues>({ initialValues: EMPTY });
  const server = useServerErrors(form);
  const refresh = (message: string) => {
    notifications.show({ color: 'teal', message });
    void queryClient.invalidateQueries({ queryKey: trpc.teams.bases.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.teams.setupChecklist.queryKey() });
    setKey(crypto.randomUUID());
    setEditing(null);
    form.setValues(EMPTY);
  };
  const options = { onError: server.apply };
  const create = useMutation(
    trpc.teams.createBase.mutationOptions({
      ...options,
      onSuccess: (_, i) => refresh(t('orgSetup.bases.created', { name: i.name })),
    }),
  );
  const update = useMutation(
    trpc.teams.updateBase.mutationOptions({
      ...options,
      onSuccess: (_, i) => refresh(t('orgSetup.bases.saved', { name: i.name })),
    }),
  );
  const setActive = useMutation(
    trpc.teams.setBaseActive.mutationOptions({
      onSuccess: (out) => refresh(out.active ? t('orgSetup.bases.activated') : t('orgSetup.bases.deactivated')),
      onError: (err) => notifications.show({ color: 'red', message: errorInfo(err).message }),
    }),
  );
  const picked = (() => {
    const lat = asNumber(form.values.lat);
    const lng = asNumber(form.values.lng);
    return Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null;
  })();
  const points = useMemo(
    () => (bases.data ?? []).map((b) => ({ id: b.id, lat: b.lat, lng: b.lng, label: b.name, active: b.active })),
    [bases.data],
  );
  const first = points[0];
  const startEdit = (b: BaseRow) => {
    server.clear();
    setEditing(b);
    form.setValues({ name: b.name, address: b.address ?? '', lat: b.lat, lng: b.lng });
  };
  const columns: Column<BaseRow>[] = [
    { key: 'name', header: t('orgSetup.bases.name'), render: (r) => r.name },
    { key: 'address', header: t('orgSetup.bases.address'), render: (r) => r.address ?? '—' },
    {
      key: 'where',
      header: t('orgSetup.bases.coordinates'),
      nowrap: true,
      render: (r) => `${r.lat.toFixed(4)}, ${r.lng.toFixed(4)}`,
    },
    {
      key: 'active',
      header: t('orgSetup.bases.status'),
      render: (r) => (
        <Group gap={6} wrap="nowrap">
          <Badge color={r.active ? 'teal' : 'gray'} variant="light" size="sm">
            {r.active ? t('orgSetup.bases.active') : t('orgSetup.bases.inactive')}
          </Badge>
          <Button size="compact-xs" variant="subtle" onClick={() => startEdit(r)} data-testid="base-edit">
            {t('orgSetup.bases.edit')}
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color={r.active ? 'red' : 'teal'}
            data-testid="base-toggle"
            onClick={() => setActive.mutate({ idempotencyKey: crypto.randomUUID(), baseId: r.id, active: !r.active })}
          >
            {r.active ? t('orgSetup.bases.deactivate') : t('orgSetup.bases.activate')}
          </Button>
        </Group>
      ),
    },
  ];
  return (
    <Stack gap="md">
      <Select
        label={t('orgSetup.bases.team')}
        data-testid="bases-team"
        allowDeselect={false}
        data={(teams.data ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.code})` }))}
        value={teamId}
        onChange={setChosen}
        maw={360}
      />
      {!teamId ? (
        <Text c="dimmed">{t('orgSetup.bases.noTeam')}</Text>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <form
              data-testid="base-form"
              onSubmit={form.onSubmit((v) => {
                server.clear();
                const fields = {
                  name: v.name,
                  address: v.address || undefined,
                  lat: asNumber(v.lat),
                  lng: asNumber(v.lng),
                };
                if (editing) update.mutate({ ...fields, baseId: editing.id, idempotencyKey });
                else create.mutate({ ...fields, teamId, idempotencyKey });
              })}
            >
              <BaseForm
                form={form}
                message={server.message}
                pending={create.isPending || update.isPending}
                editing={!!editing}
                onCancel={() => {
                  server.clear();
                  setEditing(null);
                  form.setValues(EMPTY);
                }}
              />
            </form>
            <Text size="xs" c="dimmed" mt="xs">
              {t('orgSetup.bases.mapHint')}
            </Text>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            {config.data && (
              <MapView
                key={teamId}
                tileUrl={config.data.tileUrl}
                center={first ? [first.lat, first.lng] : DEFAULT_CENTER}
                zoom={12}
                height={360}
              >
                <PickPointLayer
                  points={points}
                  picked={picked}
                  onPick={(p) => {
                    form.setFieldValue('lat', Math.round(p.lat * 1e6) / 1e6);
                    form.setFieldValue('lng', Math.round(p.lng * 1e6) / 1e6);
                  }}
                />
              </MapView>
            )}
          </Grid.Col>
          <Grid.Col span={12}>
            <QueryState query={bases}>
              {(rows) => <DataTable testId="bases" rows={rows} rowKey={(r) => r.id} columns={columns} />}
            </QueryState>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
