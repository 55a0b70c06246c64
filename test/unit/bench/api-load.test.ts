import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLevel } from '../../bench/api/load';

/** A server that answers every request after a fixed 250 ms: no stalls, so every percentile is about 250 ms. */
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    setTimeout(() => res.end('{}'), 250);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('bench:api one level against a real HTTP server', () => {
  it('counts a request left waiting when its own instance stopped, not when the last instance of the level did', async () => {
    // 20 requests/s in ten instances started 0.1 s apart, each paced at 2/s on one connection (500 ms apart).
    // Each stops with its last request in flight: it had waited under 500 ms, which is the run being cut off.
    // Timed from the last instance's stop instead (up to 0.9 s later), those requests looked like a stall.
    const { rows } = await runLevel(base, { steady: () => ({ method: 'GET', path: '/', headers: {} }) }, 20, 3, [
      { name: 'steady', weight: 1, targetP95Ms: 400 },
    ]);
    const row = rows[0];
    expect(row?.count).toBeGreaterThanOrEqual(30);
    expect(row?.errors).toBe(0);
    expect(row?.unanswered).toBe(0);
    expect(row?.p99).toBeGreaterThanOrEqual(250);
    expect(row?.p99).toBeLessThan(400);
  }, 30_000);
});
