import { Alert, Button, MultiSelect, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { ROLES, type Role } from '@shared/domain/constants';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { useServerErrors } from '../../lib/use-server-form';

/**
 * Creates a sign-in account. Validation is the server's: its per-field messages land under the
 * fields. The idempotency key belongs to the caller (kept until a create succeeds), so neither a double submit nor
 * a form remounted mid-request can create or attempt a second user.
 */
export function NewUserForm({ idempotencyKey, onCreated }: { idempotencyKey: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.admin.teams.queryOptions());
  const form = useForm({
    initialValues: { username: '', displayName: '', password: '', role: 'dispatcher' as Role, teamIds: [] as string[] },
  });
  const server = useServerErrors(form);
  const create = useMutation(
    trpc.admin.createUser.mutationOptions({
      onSuccess: (_, input) => {
        notifications.show({ color: 'teal', message: t('admin.users.created', { username: input.username }) });
        void queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() });
        onCreated();
      },
      onError: server.apply,
    }),
  );

  return (
    <form
      data-testid="new-user-form"
      onSubmit={form.onSubmit((values) => {
        if (create.isPending) return;
        server.clear();
        create.mutate({ ...values, idempotencyKey });
      })}
    >
      <Stack gap="sm">
        {server.message && (
          <Alert color="red" data-testid="new-user-error">
            {server.message}
          </Alert>
        )}
        <TextInput
          label={t('admin.users.username')}
          data-testid="new-user-username"
          {...form.getInputProps('username')}
        />
        <TextInput
          label={t('admin.users.displayName')}
          data-testid="new-user-displayName"
          {...form.getInputProps('displayName')}
        />
        <PasswordInput
          label={t('admin.users.password')}
          autoComplete="new-password"
          data-testid="new-user-password"
          aria-invalid={form.errors.password ? true : undefined}
          {...form.getInputProps('password')}
        />
        <Select
          label={t('admin.users.role')}
          data-testid="new-user-role"
          allowDeselect={false}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          {...form.getInputProps('role')}
        />
        <MultiSelect
          label={t('admin.users.teams')}
          data-testid="new-user-teams"
          searchable
          data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          {...form.getInputProps('teamIds')}
        />
        <Button type="submit" loading={create.isPending} data-testid="new-user-submit">
          {t('admin.users.create')}
        </Button>
      </Stack>
    </form>
  );
}
