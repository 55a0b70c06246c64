import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, NavLink as RouterLink, useLocation } from 'react-router';
import { DeferredNotifications } from '../components/deferred-notifications';
import { LanguageSwitch } from '../components/language-switch';
import { PageLoader } from '../components/query-state';
import type { MeDto } from '../features/auth/types';
import { useLogout } from '../features/auth/use-me';
import { pagesFor } from './pages';

/** Header (product, user, language, sign-out) and the role's navigation around the current page. */
export function Shell({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const logout = useLogout();
  const location = useLocation();
  const pages = pagesFor(me.role);
  const single = pages.length === 1;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={single ? undefined : { width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <DeferredNotifications />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {!single && <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />}
            <Title order={4} c="teal.8" fz={{ base: 'md', sm: 'lg' }} style={{ whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Title>
          </Group>
          <Group gap={8} wrap="nowrap">
            <Group gap={6} wrap="nowrap" visibleFrom="xs" data-testid="current-user">
              <Text size="sm" fw={500}>
                {me.displayName}
              </Text>
              <Badge variant="light" size="sm" data-testid="current-role">
                {t(`roles.${me.role}`)}
              </Badge>
            </Group>
            <LanguageSwitch short />
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              px={6}
              data-testid="logout"
              loading={logout.isPending}
              onClick={() => void logout.signOut()}
            >
              {t('auth.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      {!single && (
        <AppShell.Navbar p="xs" data-testid="nav">
          {pages.map((p) => (
            <NavLink
              key={p.key}
              component={RouterLink}
              to={p.path}
              label={t(`nav.${p.key}`)}
              active={location.pathname.startsWith(p.path)}
              onClick={close}
              data-testid={`nav-${p.key}`}
            />
          ))}
        </AppShell.Navbar>
      )}
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
