import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Refetches the queries under `queryKey` after a write, so they read what it wrote. invalidateQueries alone does
 * not do that for a query still loading its first answer: React Query joins the fetch already on its way, which
 * may have read before the write committed, and that answer then counts as fresh (first-day e2e at load: the
 * crews page kept "no crews" under the report of the two it had just generated). Cancelling that fetch first
 * makes the refetch a new request.
 */
export async function refreshAfterWrite(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  await queryClient.cancelQueries({ queryKey });
  await queryClient.invalidateQueries({ queryKey });
}
