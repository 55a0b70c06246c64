import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { landingPath } from '../../app/pages';
import { LanguageSwitch } from '../../components/language-switch';
import { useTRPC } from '../../lib/trpc';
import { useFieldState } from '../../lib/use-field-state';
import { useServerErrors } from '../../lib/use-server-form';
import { useMe } from './use-me';

/** Username/password sign-in; on success each role lands on its home page. */
export function LoginPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const requested = (useLocation().state as { from?: string } | null)?.from;
  const me = useMe();
  const { values, errors, setErrors, field } = useFieldState({ username: '', password: '' });
  const server = useServerErrors({ setErrors });
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (user) => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        void navigate(landingPath(user.role, requested), { replace: true });
      },
      onError: server.apply,
    }),
  );

  if (me.data) return <Navigate to={landingPath(me.data.role, requested)} replace />;

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={380}>
        <form
          data-testid="login-form"
          onSubmit={(e) => {
            e.preventDefault();
            server.clear();
            login.mutate(values);
          }}
        >
          <Stack>
            <div>
              <Title order={2} c="teal.8">
                {t('app.name')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('app.tagline')}
              </Text>
            </div>
            <Title order={4}>{t('auth.title')}</Title>
            {server.message && (
              <Alert color="red" title={t('auth.failed')} data-testid="login-error">
                {server.message}
              </Alert>
            )}
            <TextInput
              label={t('auth.username')}
              autoComplete="username"
              autoFocus
              data-testid="login-username"
              {...field('username')}
            />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              data-testid="login-password"
              // Mantine's PasswordInput does not mark itself invalid for assistive tech; do it here.
              aria-invalid={errors.password ? true : undefined}
              {...field('password')}
            />
            <Button type="submit" loading={login.isPending} data-testid="login-submit" fullWidth>
              {t('auth.submit')}
            </Button>
            <Group justify="center">
              <LanguageSwitch />
            </Group>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
