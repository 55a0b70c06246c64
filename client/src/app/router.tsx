import { Center, Text } from '@mantine/core';
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { PageLoader } from '../components/query-state';
import { LoginPage } from '../features/auth/login-page';
import { RequireAuth, RequireRole } from '../features/auth/require-auth';
import { homePath, PAGES, type PageKey } from './pages';

type Load = () => Promise<{ default: ComponentType }>;

// The shell and every page load on demand, so the sign-in screen ships only what it shows.
const loadShell = () => import('./shell');
const loadVerify: Load = () => import('../features/verify/verify-page');
const loadSlotLink: Load = () => import('../features/slots/slot-link-page');
const LOAD_PAGE: Record<PageKey, Load> = {
  dispatch: () => import('../features/dispatch/dispatch-page'),
  crews: () => import('../features/crews/crews-page'),
  cases: () => import('../features/cases/cases-page'),
  import: () => import('../features/intake/import-page'),
  roster: () => import('../features/roster/roster-page'),
  locations: () => import('../features/locations/locations-page'),
  myRoute: () => import('../features/my-route/my-route-page'),
  outcomes: () => import('../features/outcomes/outcomes-page'),
  admin: () => import('../features/admin/admin-page'),
  jobs: () => import('../features/admin/jobs-page'),
};
const Shell = lazy(() => loadShell().then((m) => ({ default: m.Shell })));
const VerifyPage = lazy(loadVerify);
const SlotLinkPage = lazy(loadSlotLink);
const PAGE_COMPONENTS: Record<PageKey, ComponentType> = {
  dispatch: lazy(LOAD_PAGE.dispatch),
  crews: lazy(LOAD_PAGE.crews),
  cases: lazy(LOAD_PAGE.cases),
  import: lazy(LOAD_PAGE.import),
  roster: lazy(LOAD_PAGE.roster),
  locations: lazy(LOAD_PAGE.locations),
  myRoute: lazy(LOAD_PAGE.myRoute),
  outcomes: lazy(LOAD_PAGE.outcomes),
  admin: lazy(LOAD_PAGE.admin),
  jobs: lazy(LOAD_PAGE.jobs),
};

/**
 * Starts downloading the code of the page at `pathname` at once, while the first screen still waits for its
 * translations: the lazy components above then find it loaded (or on its way) instead of asking only then.
 */
export function preloadRoute(pathname: string): void {
  if (pathname.startsWith('/verify')) void loadVerify();
  else if (pathname.startsWith('/s/')) void loadSlotLink();
  else {
    const page = PAGES.find((p) => pathname === p.path || pathname.startsWith(`${p.path}/`));
    if (!page) return;
    void loadShell();
    void LOAD_PAGE[page.key]();
  }
}

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

const loading = (node: ReactNode) => <Suspense fallback={<PageLoader />}>{node}</Suspense>;

/**
 * Routes: /login and the borrower's public pages outside the shell; every page inside it, guarded by role.
 * A plain BrowserRouter: nothing uses loaders or actions, and the data router would add ~15 KB gzip to every
 * first download.
 */
export function AppRoutes() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* The borrower's badge check and personal slot link from the SMS: public, outside the shell. */}
        <Route path="/verify/:code?" element={loading(<VerifyPage />)} />
        <Route path="/s/:token" element={loading(<SlotLinkPage />)} />
        <Route element={<RequireAuth>{(me) => loading(<Shell me={me} />)}</RequireAuth>}>
          <Route index element={<RequireAuth>{(me) => <Navigate to={homePath(me.role)} replace />}</RequireAuth>} />
          {PAGES.map((p) => (
            <Route key={p.key} path={p.path} element={guarded(p.key)} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
