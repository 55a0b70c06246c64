import { Badge, Button, Code, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';
import { NewTokenForm } from './tokens-form';

type TokenRow = RouterOutputs['tokens']['list'][number];

function stateOf(row: TokenRow, now: number): 'active' | 'revoked' | 'expired' {
  if (row.revokedAt) return 'revoked';
  return new Date(row.expiresAt).getTime() <= now ? 'expired' : 'active';
}
const STATE_COLOR = { active: 'green', revoked: 'red', expired: 'gray' } as const;

function tokenColumns(t: TFunction, zone: string, action: (r: TokenRow) => ReactNode): Column<TokenRow>[] {
  const locale = currentLanguage();
  const now = Date.now();
  return [
    { key: 'name', header: t('tokens.name'), render: (r) => r.name },
    { key: 'prefix', header: t('tokens.prefix'), nowrap: true, render: (r) => <Code>{r.prefix}…</Code> },
    {
      key: 'teams',
      header: t('tokens.teams'),
      render: (r) => (
        <Group gap={4}>
          {r.teams.map((x) => (
            <Badge key={x.id} variant="light" size="sm" title={x.name}>
              {x.code}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      key: 'created',
      header: t('tokens.created'),
      render: (r) => (
        <Text size="sm">
          {formatDate(r.createdAt, zone, locale)} · {r.createdBy}
        </Text>
      ),
    },
    { key: 'expires', header: t('tokens.expires'), nowrap: true, render: (r) => formatDate(r.expiresAt, zone, locale) },
    {
      key: 'lastUsed',
      header: t('tokens.lastUsed'),
      nowrap: true,
      render: (r) => (r.lastUsedAt ? formatDateTime(r.lastUsedAt, zone, locale) : t('tokens.never')),
    },
    {
      key: 'state',
      header: t('tokens.state'),
      nowrap: true,
      render: (r) => {
        const state = stateOf(r, now);
        return (
          // Its label clips with an ellipsis: in a narrow table it would be squeezed to one character.
          <Badge
            color={STATE_COLOR[state]}
            variant="dot"
            size="sm"
            miw="max-content"
            data-testid={`token-state-${state}`}
          >
            {t(`tokens.states.${state}`)}
          </Badge>
        );
      },
    },
    { key: 'action', header: '', align: 'right', render: action },
  ];
}

/** Service tokens for the machine API (docs/import/api.md): list, create (the secret shown once), revoke. */
export function TokensTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const config = useQuery(trpc.config.public.queryOptions());
  const [opened, { open, close }] = useDisclosure();
  // One key until a create succeeds: a reopened form after a lost answer gets the first answer back.
  const createKey = useRef(crypto.randomUUID());
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('tokens.revoked') });
        void queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorInfo(error).message }),
    }),
  );
  const zone = config.data?.timeZoneDefault ?? 'Asia/Shanghai';
  const action = (r: TokenRow) =>
    r.revokedAt ? null : (
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        data-testid="token-revoke"
        loading={revoke.isPending && revoke.variables?.id === r.id}
        onClick={() => {
          if (!window.confirm(t('tokens.confirmRevoke', { name: r.name, prefix: r.prefix }))) return;
          revoke.mutate({ id: r.id, idempotencyKey: crypto.randomUUID() });
        }}
      >
        {t('tokens.revoke')}
      </Button>
    );
  return (
    <>
      <Group justify="space-between" mb="sm" align="flex-start">
        <Text size="sm" c="dimmed" maw={720}>
          {t('tokens.intro')}
        </Text>
        <Button onClick={open} data-testid="new-token">
          {t('tokens.new')}
        </Button>
      </Group>
      <QueryState query={tokens}>
        {(rows) =>
          rows.length === 0 ? (
            <Text c="dimmed" data-testid="tokens-empty">
              {t('tokens.empty')}
            </Text>
          ) : (
            <DataTable testId="tokens" rows={rows} rowKey={(r) => r.id} columns={tokenColumns(t, zone, action)} />
          )
        }
      </QueryState>
      <Modal opened={opened} onClose={close} title={t('tokens.new')} size="md">
        <NewTokenForm
          idempotencyKey={createKey.current}
          onCreated={() => {
            createKey.current = crypto.randomUUID();
          }}
          onDone={close}
        />
      </Modal>
    </>
  );
}
