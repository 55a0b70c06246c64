/**
 * A small local OSRM speaking the table service (http://project-osrm.org/docs/v5.24.0/api/#table-service):
 * `GET /table/v1/{profile}/{lng,lat;lng,lat;…}?sources=i;j&destinations=k;l&annotations=duration,distance`
 * answers `{ code: 'Ok', durations, distances }` with one row per source and null for a pair it cannot route.
 * Its "roads" are a model the test chooses; it can also misbehave: 5xx, garbage, a non-Ok code, or hang.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { haversineM, type LatLng } from '../../shared/geo';

/** How the server answers every request until changed. */
export type OsrmBehaviour = 'ok' | 'error5xx' | 'garbage' | 'notOk' | 'hang';

/** Seconds and metres of the road from `a` to `b` (null: no route). */
export type RoadModel = (a: LatLng, b: LatLng) => { seconds: number; metres: number } | null;

/** Roads 1.8× the crow-fly distance at 20 km/h: clearly slower than the straight-line model (1.4×, 25 km/h). */
export const SLOW_ROADS: RoadModel = (a, b) => {
  const metres = haversineM(a, b) * 1.8;
  return { seconds: metres / (20 / 3.6), metres };
};

export interface FakeOsrm {
  url: string;
  /** Every request's path and query, in order, whatever was answered. */
  requests: string[];
  behaviour: OsrmBehaviour;
  model: RoadModel;
  /** Places ("lng,lat" as requested, rounded to 5 decimals) no road leads to or from. */
  islands: Set<string>;
  /** Runs before each table request is answered (a test looks at the world as the engine is being asked). */
  beforeAnswer?: () => Promise<void>;
  close: () => Promise<void>;
}

const key = (p: LatLng) => `${p.lng.toFixed(5)},${p.lat.toFixed(5)}`;

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Starts the server on a free local port. */
export async function startFakeOsrm(model: RoadModel = SLOW_ROADS): Promise<FakeOsrm> {
  const hanging = new Set<ServerResponse>();
  const fake: FakeOsrm = {
    url: '',
    requests: [],
    behaviour: 'ok',
    model,
    islands: new Set(),
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://osrm.local');
    fake.requests.push(`${url.pathname}${url.search}`);
    await fake.beforeAnswer?.();
    const m = url.pathname.match(/^\/table\/v1\/(\w+)\/(.+)$/);
    if (!m) return json(res, 400, { code: 'InvalidUrl', message: 'URL string malformed close to position 1' });
    switch (fake.behaviour) {
      case 'hang':
        hanging.add(res);
        return;
      case 'error5xx':
        return json(res, 500, { code: 'InternalError', message: 'overloaded' });
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('<html>bad gateway</html>');
      case 'notOk':
        return json(res, 400, { code: 'TooBig', message: 'Too many table coordinates' });
    }
    const coords = decodeURIComponent(m[2] as string)
      .split(';')
      .map((c) => {
        const [lng, lat] = c.split(',').map(Number);
        return { lng: lng as number, lat: lat as number };
      });
    if (coords.some((c) => !Number.isFinite(c.lat) || !Number.isFinite(c.lng)))
      return json(res, 400, { code: 'InvalidQuery', message: 'Query string malformed' });
    const pick = (name: string) => {
      const v = url.searchParams.get(name);
      return !v || v === 'all' ? coords.map((_, i) => i) : v.split(';').map(Number);
    };
    const sources = pick('sources');
    const destinations = pick('destinations');
    const road = (s: number, d: number) => {
      const a = coords[s] as LatLng;
      const b = coords[d] as LatLng;
      if (key(a) === key(b)) return { seconds: 0, metres: 0 };
      if (fake.islands.has(key(a)) !== fake.islands.has(key(b))) return null;
      return fake.model(a, b);
    };
    json(res, 200, {
      code: 'Ok',
      durations: sources.map((s) => destinations.map((d) => road(s, d)?.seconds ?? null)),
      distances: sources.map((s) => destinations.map((d) => road(s, d)?.metres ?? null)),
      sources: sources.map((s) => ({ location: [coords[s]?.lng, coords[s]?.lat] })),
      destinations: destinations.map((d) => ({ location: [coords[d]?.lng, coords[d]?.lat] })),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
