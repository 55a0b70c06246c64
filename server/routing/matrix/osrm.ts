import type { Matrix } from '../../solver/model/types';
import type { LatLng, MatrixProvider } from './types';

/** What the OSRM client needs from `fetch` (injectable for tests). */
type FetchLike = (
  url: string,
  init?: { signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Travel between two places as a road engine reported it. */
type Pair = [duration: number, distance: number];

/** Seconds used for a pair OSRM cannot route: large enough that the solver never plans it. */
export const UNREACHABLE_SECONDS = 1e9;

/** A bounded cache of place-to-place travel, shared across requests (places rounded to ~1 m). */
export class PairCache {
  private readonly map = new Map<string, Pair>();
  constructor(private readonly maxEntries = 2_000_000) {}

  static key(p: LatLng): string {
    return `${p.lng.toFixed(5)},${p.lat.toFixed(5)}`;
  }

  get(a: string, b: string): Pair | undefined {
    return this.map.get(`${a}|${b}`);
  }

  set(a: string, b: string, v: Pair): void {
    // Oldest entries go first once full: Map keeps insertion order.
    if (this.map.size >= this.maxEntries) {
      const first = this.map.keys().next().value;
      if (first !== undefined) this.map.delete(first);
    }
    this.map.set(`${a}|${b}`, v);
  }

  get size(): number {
    return this.map.size;
  }
}

/** Options of the OSRM table-service client. */
interface OsrmOptions {
  baseUrl: string;
  profile?: string;
  /** The server's --max-table-size (coordinates per request); tiles are half of it each way. */
  maxTableSize?: number;
  timeoutMs?: number;
  fetch?: FetchLike;
  cache?: PairCache;
}

interface TableResponse {
  code: string;
  message?: string;
  durations?: (number | null)[][];
  distances?: (number | null)[][];
}

/** OSRM `table` service client: tiles big matrices, caches every pair, fills only what is missing. */
export class OsrmProvider implements MatrixProvider {
  readonly name = 'osrm';
  readonly cache: PairCache;
  private readonly fetchFn: FetchLike;
  private readonly tile: number;

  constructor(private readonly opts: OsrmOptions) {
    this.cache = opts.cache ?? new PairCache();
    this.fetchFn = opts.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.tile = Math.max(1, Math.floor((opts.maxTableSize ?? 100) / 2));
  }

  async matrix(places: LatLng[]): Promise<Matrix> {
    const keys = places.map(PairCache.key);
    const size = places.length;
    for (let i = 0; i < size; i += this.tile)
      for (let j = 0; j < size; j += this.tile) {
        const src = range(i, Math.min(size, i + this.tile));
        const dst = range(j, Math.min(size, j + this.tile));
        if (src.some((a) => dst.some((b) => a !== b && !this.cache.get(keys[a]!, keys[b]!))))
          await this.fetchTile(places, keys, src, dst);
      }
    const durations = new Float64Array(size * size);
    const distances = new Float64Array(size * size);
    for (let a = 0; a < size; a++)
      for (let b = 0; b < size; b++) {
        if (a === b || keys[a] === keys[b]) continue;
        const v = this.cache.get(keys[a]!, keys[b]!) ?? [UNREACHABLE_SECONDS, UNREACHABLE_SECONDS];
        durations[a * size + b] = v[0];
        distances[a * size + b] = v[1];
      }
    return { size, durations, distances };
  }

  private async fetchTile(places: LatLng[], keys: string[], src: number[], dst: number[]): Promise<void> {
    const coords = [...src, ...dst].map((k) => `${places[k]!.lng},${places[k]!.lat}`).join(';');
    const sources = src.map((_, k) => k).join(';');
    const destinations = dst.map((_, k) => src.length + k).join(';');
    const base = this.opts.baseUrl.replace(/\/+$/, '');
    const url = `${base}/table/v1/${this.opts.profile ?? 'driving'}/${coords}?sources=${sources}&destinations=${destinations}&annotations=duration,distance`;
    const res = await this.fetchFn(url, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000) });
    if (!res.ok) throw new Error(`OSRM table request failed with HTTP ${res.status}`);
    const body = (await res.json()) as TableResponse;
    if (body.code !== 'Ok' || !body.durations) throw new Error(`OSRM table error: ${body.code} ${body.message ?? ''}`);
    src.forEach((a, r) => {
      dst.forEach((b, c) => {
        const d = body.durations?.[r]?.[c];
        const m = body.distances?.[r]?.[c];
        const pair: Pair = d == null ? [UNREACHABLE_SECONDS, UNREACHABLE_SECONDS] : [d, m ?? 0];
        this.cache.set(keys[a]!, keys[b]!, pair);
      });
    });
  }
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, k) => a + k);
}
