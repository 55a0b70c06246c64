import './strict-csp';
import './login-styles';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prefetchDispatch } from '../features/dispatch/prefetch';
import { i18nReady } from '../i18n';
import { createClient } from '../lib/trpc';
import { makeQueryClient, Providers } from './providers';
import { AppRoutes, preloadRoute } from './router';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// The first screen waits for its language's strings; the page's own code downloads meanwhile.
preloadRoute(window.location.pathname);
// The session check (and the board's first data) go out now, in one batch, instead of after the translations
// and then one after the other (#17: the busiest board visible ≤ 2 s).
const queryClient = makeQueryClient();
const trpcClient = createClient();
const trpc = createTRPCOptionsProxy({ client: trpcClient, queryClient });
void queryClient.prefetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: Number.POSITIVE_INFINITY, retry: false });
if (window.location.pathname === '/dispatch') prefetchDispatch(trpcClient, trpc, queryClient, window.location.search);
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <Providers queryClient={queryClient} trpcClient={trpcClient}>
        <AppRoutes />
      </Providers>
    </StrictMode>,
  ),
);
