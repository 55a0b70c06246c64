import { Center, Text } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate } from 'react-router';
import { PageLoader } from '../components/query-state';
import { LoginPage } from '../features/auth/login-page';
import { RequireAuth, RequireRole } from '../features/auth/require-auth';
import { homePath, PAGES, type PageKey } from './pages';

// The shell and every page load on demand, so the sign-in screen ships only what it shows.
const Shell = lazy(() => import('./shell').then((m) => ({ default: m.Shell })));
const VerifyPage = lazy(() => import('../features/verify/verify-page'));
const SlotLinkPage = lazy(() => import('../features/slots/slot-link-page'));
const PAGE_COMPONENTS: Record<PageKey, ReturnType<typeof lazy>> = {
  dispatch: lazy(() => import('../features/dispatch/dispatch-page')),
  cases: lazy(() => import('../features/cases/cases-page')),
  myRoute: lazy(() => import('../features/my-route/my-route-page')),
  outcomes: lazy(() => import('../features/outcomes/outcomes-page')),
  admin: lazy(() => import('../features/admin/admin-page')),
};

function NotFound() {
  const { t } = useTranslation();
  return (
    <Center h={200}>
      <Text c="dimmed">{t('errors.notFound')}</Text>
    </Center>
  );
}

function guarded(key: PageKey): ReactNode {
  const page = PAGES.find((p) => p.key === key);
  const Page = PAGE_COMPONENTS[key];
  return (
    <RequireRole roles={page?.roles ?? []}>
      <Page />
    </RequireRole>
  );
}

/** Routes: /login outside the shell; every page inside it, guarded by role. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // The borrower's badge check: public, outside the signed-in shell.
  ...['/verify', '/verify/:code'].map((path) => ({
    path,
    element: (
      <Suspense fallback={<PageLoader />}>
        <VerifyPage />
      </Suspense>
    ),
  })),
  // The borrower's personal slot link from the SMS: public, outside the signed-in shell.
  {
    path: '/s/:token',
    element: (
      <Suspense fallback={<PageLoader />}>
        <SlotLinkPage />
      </Suspense>
    ),
  },
  {
    element: (
      <RequireAuth>
        {(me) => (
          <Suspense fallback={<PageLoader />}>
            <Shell me={me} />
          </Suspense>
        )}
      </RequireAuth>
    ),
    children: [
      { index: true, element: <RequireAuth>{(me) => <Navigate to={homePath(me.role)} replace />}</RequireAuth> },
      ...PAGES.map((p) => ({ path: p.path, element: guarded(p.key) })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
