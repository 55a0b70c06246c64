import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { useServerErrors } from '../../lib/use-server-form';

/** An admin gives a user a temporary password; the server signs them out and asks for their own at sign-in. */
export function ResetPasswordForm({ user, onDone }: { user: { id: string; username: string }; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = useRef(crypto.randomUUID());
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const server = useServerErrors({ setErrors });
  const reset = useMutation(
    trpc.admin.resetPassword.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('account.reset.done', { username: user.username }) });
        void queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() });
        onDone();
      },
      onError: server.apply,
    }),
  );
  return (
    <form
      data-testid="reset-password-form"
      onSubmit={(e) => {
        e.preventDefault();
        server.clear();
        reset.mutate({ idempotencyKey: key.current, userId: user.id, password });
      }}
    >
      <Stack gap="sm">
        <Text size="sm">{t('account.reset.explain', { username: user.username })}</Text>
        {server.message && <Alert color="red">{server.message}</Alert>}
        <PasswordInput
          label={t('account.reset.password')}
          autoComplete="new-password"
          data-testid="reset-password"
          value={password}
          error={errors.password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            setErrors({});
          }}
        />
        <Button type="submit" color="red" loading={reset.isPending} data-testid="reset-password-submit">
          {t('account.reset.submit')}
        </Button>
      </Stack>
    </form>
  );
}
