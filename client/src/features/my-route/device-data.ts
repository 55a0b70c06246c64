import { clearQueue, readQueue } from './offline-queue';

/**
 * What this phone keeps of an agent's day for working without signal — the queue of actions not yet sent, the
 * last route and badges (localStorage) and the answers the service worker cached (who is signed in) — would
 * otherwise outlive the session. A phone can be handed to a colleague, so signing out
 * forgets all of it. Every local copy is named here, so none is missed.
 */

const ROUTE_PREFIX = 'doorstep-route-';
const BADGE_PREFIX = 'doorstep-badge-';

/** The last route of a user, kept per user so the next agent never sees the previous agent's route. */
export const routeCacheKey = (userId: string | undefined) => `${ROUTE_PREFIX}${userId ?? 'anonymous'}`;
/** The last badge per visit, so the screen still shows identity and code when the signal drops. */
export const badgeCacheKey = (visitId: string) => `${BADGE_PREFIX}${visitId}`;
/** The agent's own photo for the badge, kept so it shows without signal (forgotten with the badges). */
export const photoCacheKey = `${BADGE_PREFIX}photo`;

export function readCached<T>(key: string): T | undefined {
  const raw = localStorage.getItem(key);
  return raw ? (JSON.parse(raw) as T) : undefined;
}

/**
 * Counts the times this phone has forgotten its data. An answer still on its way at sign-out (the day's badges,
 * a badge, the agent's photo: mutations and fetches that cancelling queries does not stop) would otherwise write
 * the previous user's data back; a writer notes the count when it starts and its write is dropped if it changed.
 */
let forgotten = 0;
export const deviceGeneration = (): number => forgotten;

export function writeCached(key: string, value: unknown, since: number = forgotten): void {
  if (since !== forgotten) return;
  localStorage.setItem(key, JSON.stringify(value));
}

/** Actions recorded on this phone that the server has not accepted yet (waiting or refused). */
export async function unsentCount(): Promise<number> {
  if (typeof indexedDB === 'undefined') return 0;
  const items = await readQueue().catch(() => []);
  // A kept record is on the server already (held for the dispatcher); only what it has not got counts.
  return items.filter((i) => i.state === 'pending' || i.state === 'failed').length;
}

/** Deletes the offline queue, the kept routes and badges and every cached server answer; the app shell stays. */
export async function forgetDeviceData(): Promise<void> {
  forgotten++;
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(ROUTE_PREFIX) || key.startsWith(BADGE_PREFIX)) localStorage.removeItem(key);
  }
  const work: Promise<unknown>[] = [tellServiceWorkerToForget()];
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

/**
 * The service worker also drops its cached answers and stops storing ones still on their way (a refetch started
 * before sign-out would otherwise put the route back). Waits for its answer, at most five seconds (a busy phone).
 */
function tellServiceWorkerToForget(): Promise<void> {
  const worker = typeof navigator !== 'undefined' ? navigator.serviceWorker?.controller : null;
  if (!worker) return Promise.resolve();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(resolve, 5000);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
    worker.postMessage({ type: 'forget' }, [channel.port2]);
  });
}
