import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress';
import type { DbHandle } from '../../server/db/client';
import { createTestDb } from './helpers/db';
import { httpApp } from './helpers/http-app';

/** A GET over a real socket, headers exactly as given (no client that adds or undoes compression). */
function get(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

// A script as Vite writes it: hashed name, big enough to be worth compressing.
const SCRIPT = `export const rows = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, name: `row ${i}` })))};\n`;
const HASHED = '/assets/dispatch-page-Ab12Cd34.js';

describe('static client: precompressed, immutable hashed assets; the page itself never cached', () => {
  let handle: DbHandle;
  let app: FastifyInstance;
  let base: string;
  let clientDir: string;

  beforeAll(async () => {
    handle = await createTestDb();
    clientDir = mkdtempSync(join(tmpdir(), 'doorstep-client-'));
    mkdirSync(join(clientDir, 'assets'));
    mkdirSync(join(clientDir, '.vite'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    writeFileSync(join(clientDir, HASHED), SCRIPT);
    writeFileSync(join(clientDir, 'sw.js'), 'self.addEventListener("fetch", () => {});\n');
    writeFileSync(join(clientDir, '.vite', 'manifest.json'), '{}');
    // The same step the build runs (scripts/precompress.ts as a Vite plugin).
    expect(precompressDir(join(clientDir, 'assets'))).toBe(1);
    app = await httpApp(handle, { clientDir });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  it('sends a hashed script as brotli to a browser that takes it, cached for a year and never revalidated', async () => {
    const res = await get(base, HASHED, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.body.length).toBeLessThan(SCRIPT.length / 3);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends gzip to a client that takes only gzip', async () => {
    const res = await get(base, HASHED, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends the file as it is without Accept-Encoding, still immutable and saying it varies', async () => {
    const res = await get(base, HASHED);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.body.toString()).toBe(SCRIPT);
  });

  it('revalidates what has no hash in its name: the page (with its nonce) and the service worker', async () => {
    const page = await get(base, '/dispatch', { accept: 'text/html', 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.toString()).toContain('name="csp-nonce"');
    const root = await get(base, '/', { accept: 'text/html' });
    expect(root.headers['cache-control']).toBe('no-cache');
    const worker = await get(base, '/sw.js', { 'accept-encoding': 'br, gzip' });
    expect(worker.status).toBe(200);
    expect(worker.headers['cache-control']).toBe('no-cache');
  });

  it('does not serve the build manifest', async () => {
    const res = await get(base, '/.vite/manifest.json');
    expect(res.status).toBe(404);
  });
});
