import { Badge, Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatDate } from '../../lib/format';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useMe } from '../auth/use-me';
import { NewUserForm } from './new-user-form';
import { ResetPasswordForm } from './reset-password-form';

type UserRow = RouterOutputs['admin']['users'][number];

function userColumns(t: TFunction, locale: string, zone: string, action: (u: UserRow) => ReactNode): Column<UserRow>[] {
  return [
    { key: 'username', header: t('admin.users.username'), nowrap: true, render: (u) => u.username },
    { key: 'name', header: t('admin.users.displayName'), nowrap: true, render: (u) => u.displayName },
    {
      key: 'role',
      header: t('admin.users.role'),
      render: (u) => (
        <Badge variant="light" size="sm">
          {t(`roles.${u.role}`)}
        </Badge>
      ),
    },
    {
      key: 'teams',
      header: t('admin.users.teams'),
      render: (u) => (
        <Text size="sm" lineClamp={1}>
          {u.teams.map((x) => x.name).join(', ') || '—'}
        </Text>
      ),
    },
    {
      key: 'status',
      header: t('admin.users.status'),
      render: (u) => (
        <Group gap={4} wrap="nowrap">
          <Badge color={u.active ? 'green' : 'gray'} variant="dot" size="sm">
            {u.active ? t('common.active') : t('common.inactive')}
          </Badge>
          {u.mustChangePassword && (
            <Badge color="yellow" variant="light" size="sm" data-testid="password-pending">
              {t('account.pending')}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: 'created',
      header: t('admin.users.createdAt'),
      nowrap: true,
      render: (u) => formatDate(u.createdAt, zone, locale),
    },
    { key: 'action', header: '', align: 'right', render: action },
  ];
}

/** Sign-in accounts: list, create, activate/deactivate. */
export function UsersTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const users = useQuery(trpc.admin.users.queryOptions());
  const config = useQuery(trpc.config.public.queryOptions());
  const [opened, { open, close }] = useDisclosure();
  const [resetFor, setResetFor] = useState<UserRow | null>(null);
  // One idempotency key until a create succeeds: a remounted or reopened form (after a lost answer) resends
  // the same key and gets the first answer back instead of a second attempt.
  const createKey = useRef(crypto.randomUUID());
  const setActive = useMutation(
    trpc.admin.setUserActive.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() }),
      onError: (error) => notifications.show({ color: 'red', message: errorInfo(error).message }),
    }),
  );
  const zone = config.data?.timeZoneDefault ?? 'Asia/Shanghai';
  const action = (u: UserRow) =>
    u.id === me.data?.id ? null : (
      <Group gap={4} justify="flex-end" wrap="nowrap">
        <Button size="compact-xs" variant="subtle" onClick={() => setResetFor(u)} data-testid="reset-password-open">
          {t('account.reset.open')}
        </Button>
        <Button
          size="compact-xs"
          variant="subtle"
          color={u.active ? 'red' : 'teal'}
          loading={setActive.isPending && setActive.variables?.userId === u.id}
          onClick={() => {
            if (u.active && !window.confirm(t('admin.users.confirmDeactivate', { username: u.username }))) return;
            setActive.mutate({ userId: u.id, active: !u.active });
          }}
        >
          {u.active ? t('admin.users.deactivate') : t('admin.users.activate')}
        </Button>
      </Group>
    );

  return (
    <>
      <Group justify="flex-end" mb="sm">
        <Button onClick={open} data-testid="new-user">
          {t('admin.users.new')}
        </Button>
      </Group>
      <QueryState query={users}>
        {(rows) => (
          <DataTable
            testId="users"
            rows={rows}
            rowKey={(u) => u.id}
            columns={userColumns(t, currentLanguage(), zone, action)}
          />
        )}
      </QueryState>
      <Modal
        opened={!!resetFor}
        onClose={() => setResetFor(null)}
        title={resetFor ? t('account.reset.title', { username: resetFor.username }) : ''}
      >
        {resetFor && <ResetPasswordForm user={resetFor} onDone={() => setResetFor(null)} />}
      </Modal>
      <Modal opened={opened} onClose={close} title={t('admin.users.new')} size="md">
        <NewUserForm
          idempotencyKey={createKey.current}
          onCreated={() => {
            createKey.current = crypto.randomUUID();
            close();
          }}
        />
      </Modal>
    </>
  );
}
