import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/language-switch';
import { setWrittenData } from '../../lib/refresh';
import { useTRPC } from '../../lib/trpc';
import { useFieldState } from '../../lib/use-field-state';
import { useServerErrors } from '../../lib/use-server-form';
import type { MeDto } from './types';
import { useLogout } from './use-me';

type Field = 'currentPassword' | 'newPassword' | 'repeat';

/**
 * The only screen of a user whose password an admin chose (a new account, a reset): the server refuses
 * everything else until it is replaced. On success the app opens as usual.
 */
export default function ChangePasswordPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logout = useLogout();
  const form = useFieldState<Field>({ currentPassword: '', newPassword: '', repeat: '' });
  const { values, errors, setErrors } = form;
  const server = useServerErrors({ setErrors });
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: (user) => {
        notifications.show({ color: 'teal', message: t('account.change.done') });
        setWrittenData(queryClient, trpc.auth.me.queryKey(), () => user);
      },
      onError: server.apply,
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    server.clear();
    // Typing the new password twice is the form's own concern; every rule about the password is the server's.
    if (values.newPassword !== values.repeat) {
      setErrors({ repeat: t('account.change.mismatch') });
      return;
    }
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  };
  const field = (name: Field) => ({
    ...form.field(name),
    'aria-invalid': errors[name] ? true : undefined,
    'data-testid': `change-${name}`,
  });

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form data-testid="change-password-form" onSubmit={submit}>
          <Stack>
            <Title order={3} c="teal.8">
              {t('account.change.title')}
            </Title>
            <Text size="sm">{t('account.change.why', { name: me.displayName })}</Text>
            {server.message && (
              <Alert color="red" title={t('account.change.failed')} data-testid="change-password-error">
                {server.message}
              </Alert>
            )}
            <PasswordInput
              label={t('account.change.current')}
              autoComplete="current-password"
              autoFocus
              {...field('currentPassword')}
            />
            <PasswordInput
              label={t('account.change.new')}
              description={t('account.change.newHint')}
              autoComplete="new-password"
              {...field('newPassword')}
            />
            <PasswordInput label={t('account.change.repeat')} autoComplete="new-password" {...field('repeat')} />
            <Button type="submit" loading={change.isPending} data-testid="change-password-submit" fullWidth>
              {t('account.change.submit')}
            </Button>
            <Group justify="space-between">
              <LanguageSwitch />
              <Button variant="subtle" color="gray" size="xs" onClick={() => void logout.signOut()}>
                {t('auth.logout')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
