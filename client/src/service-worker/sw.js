/* Doorstep service worker: keeps the app shell and who is signed in so the phone works without signal (the page
   keeps the agent's route itself, see my-route-page.tsx). Mutations are never cached: offline check-ins and
   outcomes wait in the page's IndexedDB queue instead.
   Built, not copied: scripts/service-worker.ts bundles this file with the list it imports into dist/client/sw.js. */
import { SHELL_READS } from './shell-reads';

// v2: v1 also kept route answers (borrower names and addresses); activating v2 deletes them.
// v3: v2 kept any batch that named a kept call, e.g. `config.public,calendar.myFeed,field.today` — a route answer
// again, handed back to a reload without signal in place of the phone's own newer copy; activating v3 deletes them.
// The list it keeps is the same since v3 (session 34 moved it to shell-reads.ts): the cache's contents did not change.
const CACHE = 'doorstep-shell-v3';
// Only a request whose every call is a shell read is kept (the page sends them in their own batch: lib/trpc.ts).
const onlyKeptCalls = (url) =>
  url.pathname
    .slice('/trpc/'.length)
    .split(',')
    .every((call) => SHELL_READS.includes(call));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(['/', '/manifest.webmanifest', '/icon.svg']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Bumped on sign-out: an answer whose request started before it is not stored (it may hold the last user's route).
let generation = 0;
// Answers being written: a write that passed the generation check just before sign-out must finish before the
// forget deletes, or it lands after the delete and the last user's route stays on the phone.
const writing = new Set();

async function forgetAnswers() {
  await Promise.allSettled([...writing]);
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.startsWith('/trpc/')) await cache.delete(request);
  }
}

self.addEventListener('message', (event) => {
  // The page sends the asset URLs it already loaded, so they are cached even though they came before the worker.
  if (event.data?.type === 'cache-urls' && Array.isArray(event.data.urls)) {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(event.data.urls).catch(() => undefined)));
  }
  // Sign-out: drop cached answers, ignore answers still on their way, then tell the page.
  if (event.data?.type === 'forget') {
    generation++;
    event.waitUntil(forgetAnswers().then(() => event.ports[0]?.postMessage('done')));
  }
});

async function networkFirst(request, fallbackKey) {
  const cache = await caches.open(CACHE);
  const started = generation;
  try {
    const response = await fetch(request);
    if (response.ok && started === generation) {
      const put = cache.put(fallbackKey ?? request, response.clone());
      writing.add(put);
      await put.finally(() => writing.delete(put));
    }
    return response;
  } catch (err) {
    const cached = await cache.match(fallbackKey ?? request);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Every page of the single-page app is the same shell.
    event.respondWith(networkFirst(request, '/'));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith('/trpc/') && onlyKeptCalls(url)) {
    event.respondWith(networkFirst(request));
  }
});
