import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorInfo } from '../lib/trpc';

/** Centered spinner while a page or its data loads. */
export function PageLoader() {
  return (
    <Center h={200} data-testid="loading">
      <Loader />
    </Center>
  );
}

/** The server's translated message for a failed query, with a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={t('common.loadFailed')} data-testid="query-error">
      <Stack gap="xs" align="flex-start">
        <span>{errorInfo(error).message}</span>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/** Renders loading, error or the data of a query (the last data wins over a later error), so pages only describe the happy path. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <PageLoader />;
  // Data already on screen stays there when a background refetch fails (offline on a doorstep, a blip):
  // swapping it for an error would unmount what the user is working in.
  if (query.data === undefined) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
