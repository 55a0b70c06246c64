import type { Role } from '@shared/domain/constants';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router';
import { homePath } from '../../app/pages';
import { PageLoader, QueryError } from '../../components/query-state';
import type { MeDto } from './types';
import { useMe } from './use-me';

const ChangePasswordPage = lazy(() => import('./change-password-page'));

/**
 * Renders its child with the signed-in user, or sends a signed-out visitor to the sign-in page. A user whose
 * password an admin chose sees only the screen to choose their own (the server refuses the rest until then).
 */
export function RequireAuth({ children }: { children: (me: MeDto) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader />;
  if (me.error) return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.data.mustChangePassword) {
    return (
      <Suspense fallback={<PageLoader />}>
        <ChangePasswordPage me={me.data} />
      </Suspense>
    );
  }
  return <>{children(me.data)}</>;
}

/** Shows a page only to the roles allowed to use it; anyone else goes to their own home. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useMe();
  if (!me.data) return null;
  if (!roles.includes(me.data.role)) return <Navigate to={homePath(me.data.role)} replace />;
  return <>{children}</>;
}
