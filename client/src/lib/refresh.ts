import {
  type InvalidateOptions,
  type InvalidateQueryFilters,
  type Query,
  QueryClient,
  type QueryKey,
} from '@tanstack/react-query';

/**
 * The app's QueryClient: after a write, `invalidateQueries` makes every matching query read again AFTER the write,
 * including one still loading its first answer. React Query alone joins such a fetch instead of sending a new
 * one (it cancels only fetches of queries that already hold data), so a page could show the answer to a read sent
 * before the write as fresh: the crews page kept "no crews" under the report of the two it had just generated
 * (first-day e2e at load, session 25). Every write's refresh goes through here, so no page can forget it.
 *
 * The first fetch is cancelled silently and started again: whoever awaits it (an awaited fetchQuery, the board's
 * prefetch) gets the new fetch's answer instead of a CancelledError — which `cancelQueries` would have given them.
 * That happens once per first load: the live board invalidates on every event, and on a lender's busy day events
 * can come faster than the all-teams day is read (1–3 s), so restarting each time could keep the board from ever
 * showing. Later refreshes during that first load wait for it to finish, then read once more (one read for all of
 * them). A fetch paused offline is left alone (it has not read yet), and so is a caller that passes
 * cancelRefetch: false.
 */
export class RefreshingQueryClient extends QueryClient {
  /** First loads already restarted once, and those with a read queued for when they finish. */
  readonly #restarted = new WeakSet<Query>();
  readonly #queued = new WeakSet<Query>();

  override invalidateQueries(filters: InvalidateQueryFilters = {}, options: InvalidateOptions = {}): Promise<void> {
    if (options.cancelRefetch !== false) {
      for (const query of this.getQueryCache().findAll({ ...filters, fetchStatus: 'fetching' })) {
        if (query.state.data !== undefined) continue; // React Query cancels and refetches these itself.
        if (!this.#restarted.has(query)) {
          this.#restarted.add(query);
          void query.cancel({ silent: true });
          query.fetch().catch(() => undefined); // Its errors reach the page through the query's state.
        } else if (!this.#queued.has(query)) {
          this.#queued.add(query);
          // fetch() while fetching hands back the read in flight; once it is in, the query holds data and the
          // refresh below refetches it the usual way.
          void query
            .fetch()
            .catch(() => undefined)
            .finally(() => {
              this.#queued.delete(query);
              void this.invalidateQueries({ queryKey: query.queryKey, exact: true }, options);
            });
        }
      }
    }
    return super.invalidateQueries(filters, options);
  }
}

/**
 * Puts what a write answered into the cache. A read of that query still on its way was read before the write: its
 * answer landing afterwards would put the old state back (the phone's stop went back to en route just after its
 * check-in, CI session 26). It is dropped first; React Query moves the state it reverts to forward with this set.
 */
export function setWrittenData<T>(
  client: QueryClient,
  queryKey: QueryKey,
  update: (old: T | undefined) => T | undefined,
) {
  void client.cancelQueries({ queryKey, exact: true });
  client.setQueryData<T>(queryKey, update);
}
