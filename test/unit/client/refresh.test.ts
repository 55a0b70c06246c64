import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { RefreshingQueryClient, setWrittenData } from '../../../client/src/lib/refresh';

/** A read the test answers by hand: `reads[i]` resolves the i-th request with what the "server" holds then. */
function heldReads() {
  const reads: Array<(value: string) => void> = [];
  const queryFn = () => new Promise<string>((resolve) => reads.push(resolve));
  return { reads, queryFn };
}

describe('RefreshingQueryClient: a write refreshes what it wrote', () => {
  it('a first load still on its way when the write lands is read again, and its waiters get the new answer', async () => {
    const client = new RefreshingQueryClient({ defaultOptions: { queries: { retry: false } } });
    const { reads, queryFn } = heldReads();
    const observer = new QueryObserver(client, { queryKey: ['crews'], queryFn });
    const seen: Array<string | undefined> = [];
    const unsubscribe = observer.subscribe((r) => seen.push(r.data));
    const awaited = client.fetchQuery({ queryKey: ['crews'], queryFn });
    expect(reads).toHaveLength(1); // The page's first read is in flight (it read "no crews").

    const refreshed = client.invalidateQueries({ queryKey: ['crews'] }); // The write ("generate") committed.
    expect(reads).toHaveLength(2); // A new read went out instead of joining the first.
    reads[0]?.('0 crews');
    reads[1]?.('2 crews');
    await refreshed;

    expect(client.getQueryData(['crews'])).toBe('2 crews');
    expect(await awaited).toBe('2 crews'); // Not a CancelledError, and not the answer read before the write.
    expect(seen).not.toContain('0 crews');
    expect(observer.getCurrentResult()).toMatchObject({ status: 'success', data: '2 crews', isFetching: false });
    unsubscribe();
  });

  it('refreshes that keep coming during a first load restart it once, then it shows and is read once more', async () => {
    const client = new RefreshingQueryClient({ defaultOptions: { queries: { retry: false } } });
    const { reads, queryFn } = heldReads();
    const observer = new QueryObserver(client, { queryKey: ['day'], queryFn });
    const seen: Array<string | undefined> = [];
    const unsubscribe = observer.subscribe((r) => seen.push(r.data));
    expect(reads).toHaveLength(1);

    // The live board's events, faster than the day is read: only the first restarts the load.
    void client.invalidateQueries({ queryKey: ['day'] });
    expect(reads).toHaveLength(2);
    for (let i = 0; i < 5; i++) void client.invalidateQueries({ queryKey: ['day'] });
    expect(reads).toHaveLength(2);
    reads[0]?.('read before the first event');
    reads[1]?.('read after the first event');
    await expect.poll(() => reads.length).toBe(3); // One more read for the five later events, after it shows.
    expect(client.getQueryData(['day'])).toBe('read after the first event');
    reads[2]?.('read after the last event');
    await expect.poll(() => client.getQueryData(['day'])).toBe('read after the last event');
    expect(seen).not.toContain('read before the first event');
    expect(reads).toHaveLength(3);
    unsubscribe();
  });

  it('a query that holds data is refetched once, and one that is not fetching is not started by the cancel', async () => {
    const client = new RefreshingQueryClient({ defaultOptions: { queries: { retry: false } } });
    const { reads, queryFn } = heldReads();
    client.setQueryData(['board', 'a'], 'before');
    const observer = new QueryObserver(client, { queryKey: ['board', 'a'], queryFn, staleTime: Infinity });
    const unsubscribe = observer.subscribe(() => undefined);
    expect(reads).toHaveLength(0);

    const refreshed = client.invalidateQueries({ queryKey: ['board'] });
    expect(reads).toHaveLength(1);
    reads[0]?.('after the move');
    await refreshed;
    expect(client.getQueryData(['board', 'a'])).toBe('after the move');
    unsubscribe();
  });

  it('cancelRefetch: false joins the fetch in flight, as React Query does', async () => {
    const client = new RefreshingQueryClient({ defaultOptions: { queries: { retry: false } } });
    const { reads, queryFn } = heldReads();
    const awaited = client.fetchQuery({ queryKey: ['list'], queryFn });
    const refreshed = client.invalidateQueries({ queryKey: ['list'] }, { cancelRefetch: false });
    expect(reads).toHaveLength(1);
    reads[0]?.('only');
    await refreshed;
    expect(await awaited).toBe('only');
  });

  it("a write's answer put in the cache is not overwritten by a read sent before the write", async () => {
    const client = new RefreshingQueryClient({ defaultOptions: { queries: { retry: false } } });
    const { reads, queryFn } = heldReads();
    client.setQueryData(['route'], 'en route');
    const observer = new QueryObserver(client, { queryKey: ['route'], queryFn });
    const unsubscribe = observer.subscribe(() => undefined);
    expect(reads).toHaveLength(1); // The re-read after the previous sync, still on its way.
    setWrittenData<string>(client, ['route'], () => 'on site'); // The check-in's answer.
    reads[0]?.('en route'); // The re-read lands after it.
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(client.getQueryData(['route'])).toBe('on site');
    unsubscribe();
  });
});
