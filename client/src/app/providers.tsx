import { createTheme, MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../i18n';
import { cspNonce } from '../lib/csp-nonce';
import { RefreshingQueryClient } from '../lib/refresh';
import { type createClient, isUnauthenticated, TRPCProvider } from '../lib/trpc';

const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
});

export function makeQueryClient(): QueryClient {
  // A lapsed session anywhere flips the cached "me" to null, which sends the user to the sign-in page.
  const onError = (error: unknown) => {
    if (isUnauthenticated(error)) client.setQueriesData({ queryKey: [['auth', 'me']] }, null);
  };
  // Refreshes after a write read after it, even a query still loading its first answer (lib/refresh.ts).
  const client: QueryClient = new RefreshingQueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && !(error as { data?: { httpStatus?: number } }).data?.httpStatus,
      },
    },
  });
  return client;
}

/**
 * Theme, translations, React Query and tRPC for the whole app (notifications live in the shell). main.tsx makes
 * the clients before the first render, so the first requests go out while the translations still download.
 */
export function Providers({
  children,
  queryClient,
  trpcClient,
}: {
  children: ReactNode;
  queryClient: QueryClient;
  trpcClient: ReturnType<typeof createClient>;
}) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" getStyleNonce={cspNonce}>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            {children}
          </TRPCProvider>
        </QueryClientProvider>
      </I18nextProvider>
    </MantineProvider>
  );
}
