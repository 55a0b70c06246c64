import { clearQueue, readQueue } from './offline-queue';

/**
 * What this phone keeps of an agent's day after a sign-out would otherwise outlive the session: the queue of
 * actions not yet sent and the route answers the service worker cached for offline use (borrower names and
 * addresses). A phone can be handed to a colleague, so signing out forgets both.
 */

/** Actions recorded on this phone that the server has not accepted yet (waiting or refused). */
export async function unsentCount(): Promise<number> {
  if (typeof indexedDB === 'undefined') return 0;
  const items = await readQueue().catch(() => []);
  return items.filter((i) => i.state !== 'done').length;
}

/** Deletes the offline queue and every cached server answer; the app shell and its assets stay cached. */
export async function forgetDeviceData(): Promise<void> {
  const work: Promise<unknown>[] = [];
  if (typeof indexedDB !== 'undefined') work.push(clearQueue().catch(() => undefined));
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname.startsWith('/trpc/')) work.push(cache.delete(request));
      }
    }
  }
  await Promise.all(work);
}
