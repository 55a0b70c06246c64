/**
 * Asks a Nominatim-compatible geocoder where an address is (SPEC §8.3): `GET {url}/search?format=json&q=…&limit=1`.
 * Every answer, "nothing found" included, is cached by normalised query, so a re-import asks nothing twice. The
 * public Nominatim allows one request per second: requests of this process go out one at a time, spaced by
 * `minIntervalMs`. A failure (5xx, timeout, a garbled answer) is retried once when it may pass (5xx, timeout) and
 * then reported as `failed`: the address waits for a pin, the import goes on, and nothing is cached.
 */
import type { DbOrTx } from '../../db/client';
import { type CachedGeocode, findCachedGeocodes, storeGeocode } from './geocode-cache.repo';

/** How the geocoder is asked; the defaults follow Nominatim's usage policy. */
export interface GeocoderOptions {
  url: string;
  /** Least time between two requests of this process (default 1000 ms). */
  minIntervalMs?: number;
  /** How long one request may take (default 5000 ms). */
  timeoutMs?: number;
}

export type GeocodeHit = NonNullable<CachedGeocode>;
export type GeocodeAnswer = { kind: 'found'; hit: GeocodeHit } | { kind: 'none' } | { kind: 'failed'; reason: string };

const USER_AGENT = 'Doorstep/1.0 (field-visit scheduling; case intake geocoding)';

/** The cache key: the same address typed with other spacing, width or case is the same query. */
export const normaliseQuery = (q: string) => q.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

// One queue per process: the spacing holds across imports running at the same time.
let queue: Promise<unknown> = Promise.resolve();
let lastRequestAt = 0;

function spaced<T>(minIntervalMs: number, run: () => Promise<T>): Promise<T> {
  const next = queue.then(async () => {
    const wait = lastRequestAt + minIntervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastRequestAt = Date.now();
    return run();
  });
  queue = next.catch(() => undefined);
  return next;
}

class Retryable extends Error {}

/** Nominatim's class/type ("building:house", "highway:residential", "boundary:administrative"). */
function qualityOf(hit: { class?: unknown; type?: unknown; addresstype?: unknown }): string {
  const parts = [hit.class, hit.type].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return (parts.join(':') || (typeof hit.addresstype === 'string' ? hit.addresstype : 'unknown')).slice(0, 64);
}

/** Reads one search answer: the first hit, none, or throws on a shape that is not Nominatim's. */
function readAnswer(body: unknown): GeocodeHit | null {
  if (!Array.isArray(body)) throw new Error('the answer is not a JSON array');
  const [first] = body as Array<Record<string, unknown>>;
  if (!first) return null;
  const lat = Number(first.lat);
  const lng = Number(first.lon);
  if (!(Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) {
    throw new Error('the first hit has no valid lat/lon');
  }
  const displayName = typeof first.display_name === 'string' ? first.display_name.slice(0, 500) : '';
  return { lat, lng, quality: qualityOf(first), displayName };
}

async function ask(opts: Required<GeocoderOptions>, query: string): Promise<GeocodeHit | null> {
  const url = new URL(`${opts.url.replace(/\/+$/, '')}/search`);
  url.search = new URLSearchParams({ format: 'json', q: query, limit: '1' }).toString();
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { 'User-Agent': USER_AGENT, Accept: 'application/json' },
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    throw new Retryable(`no answer: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}`);
  }
  if (res.status >= 500) throw new Retryable(`HTTP ${res.status}`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new Error('the answer is not JSON');
  }
  return readAnswer(body);
}

/**
 * Where each query is, by normalised query: from the cache, else asked (once per distinct query, spaced, one retry
 * on 5xx or timeout). Answers found or "none" are cached; failures are not.
 */
export async function geocodeAll(
  db: DbOrTx,
  options: GeocoderOptions,
  queries: string[],
  now: () => Date,
): Promise<Map<string, GeocodeAnswer>> {
  const opts = { minIntervalMs: 1000, timeoutMs: 5000, ...options };
  const distinct = [...new Set(queries.map(normaliseQuery).filter((q) => q.length > 0))];
  const cached = await findCachedGeocodes(db, distinct);
  const out = new Map<string, GeocodeAnswer>();
  for (const q of distinct) {
    if (cached.has(q)) {
      const hit = cached.get(q) ?? null;
      out.set(q, hit ? { kind: 'found', hit } : { kind: 'none' });
      continue;
    }
    const answer = await askWithRetry(opts, q);
    if (answer.kind !== 'failed') await storeGeocode(db, q, answer.kind === 'found' ? answer.hit : null, now());
    out.set(q, answer);
  }
  return out;
}

async function askWithRetry(opts: Required<GeocoderOptions>, query: string): Promise<GeocodeAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const hit = await spaced(opts.minIntervalMs, () => ask(opts, query));
      return hit ? { kind: 'found', hit } : { kind: 'none' };
    } catch (err) {
      if (!(err instanceof Retryable) || attempt >= 2) return { kind: 'failed', reason: (err as Error).message };
    }
  }
}
