import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SHELL_READS } from '../../../client/src/service-worker/shell-reads';
import { buildServiceWorker } from '../../../scripts/service-worker';

const ORIGIN = 'https://doorstep.test';

interface FetchEvent {
  request: Request;
  respondWith(answer: Promise<Response>): void;
}

/**
 * The worker as the build writes it (dist/client/sw.js), run in a context of its own with a cache and a network the
 * test holds: what it answers from, what it keeps. The browser's own e2e runs (field-agent, field-signout) show it
 * in a real worker; this shows which requests it keeps, for the list the page batches by.
 */
async function startWorker() {
  const listeners = new Map<string, (event: unknown) => void>();
  const stored = new Map<string, string>();
  let online = true;
  const cache = {
    put: async (request: Request | string, response: Response) => {
      stored.set(typeof request === 'string' ? request : request.url, await response.text());
    },
    match: async (request: Request | string) => {
      const body = stored.get(typeof request === 'string' ? request : request.url);
      return body === undefined ? undefined : new Response(body);
    },
    keys: async () => [...stored.keys()].map((url) => new Request(url)),
    delete: async (request: Request) => stored.delete(request.url),
    addAll: async () => undefined,
  };
  const context = {
    self: {
      location: { origin: ORIGIN },
      addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
      skipWaiting: async () => undefined,
      clients: { claim: async () => undefined },
    },
    caches: { open: async () => cache, keys: async () => ['doorstep-shell-v3'], delete: async () => true },
    fetch: async (request: Request) => {
      if (!online) throw new TypeError('Failed to fetch');
      return new Response(`answer to ${new URL(request.url).pathname} at ${Date.now()}`);
    },
    URL,
    Request,
    Response,
    Promise,
    Set,
  };
  runInNewContext(await buildServiceWorker(), context);
  /** What the worker does with a GET of `path`: 'network' when it leaves the request to the browser. */
  const get = async (path: string, method = 'GET') => {
    let answer: Promise<Response> | undefined;
    const event: FetchEvent = {
      request: new Request(`${ORIGIN}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) }),
      respondWith: (a) => {
        answer = a;
      },
    };
    listeners.get('fetch')?.(event);
    if (!answer) return 'network';
    return (await answer).text();
  };
  return { get, stored, setOnline: (on: boolean) => (online = on) };
}

describe('the built service worker keeps a tRPC answer only when every call in it is a shell read', () => {
  it('keeps each shell read alone and batched together, and answers them from the cache without signal', async () => {
    const worker = await startWorker();
    const paths = [...SHELL_READS.map((call) => `/trpc/${call}`), `/trpc/${SHELL_READS.join(',')}?batch=1`];
    const online: string[] = [];
    for (const path of paths) online.push(await worker.get(path));
    expect(worker.stored.size).toBe(paths.length);
    worker.setOnline(false);
    for (const [i, path] of paths.entries()) expect(await worker.get(path)).toBe(online[i]);
  });

  it('leaves a batch that mixes a shell read with the route, the route alone and a mutation to the network', async () => {
    const worker = await startWorker();
    for (const path of [
      '/trpc/config.public,calendar.myFeed,field.today?batch=1',
      '/trpc/auth.me,field.today?batch=1',
      '/trpc/field.today',
      '/trpc/auth.me.extra',
    ]) {
      expect(await worker.get(path), path).toBe('network');
    }
    expect(await worker.get('/trpc/auth.login', 'POST')).toBe('network');
    expect(worker.stored.size).toBe(0);
  });
});
