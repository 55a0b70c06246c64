import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { loadEnv } from '../../server/env';
import { buildHttpServer } from '../../server/http';
import { hashPassword } from '../../server/modules/auth/password';
import { createTestDb } from './helpers/db';

const PASSWORD = 'a-long-test-password';
// A client on the internet, and a reverse proxy on this host (trusted by the default TRUST_PROXY=loopback).
const CLIENT = '203.0.113.9';
const LOCAL_PROXY = '127.0.0.1';

/** The CSP header as directive → sources. */
function csp(res: LightMyRequestResponse): Record<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('HTTP security: headers on every response, Secure cookie over HTTPS', () => {
  let handle: DbHandle;
  let clientDir: string;
  const apps: FastifyInstance[] = [];

  const build = async (env: Record<string, string> = {}) => {
    const app = await buildHttpServer({
      db: handle.db,
      dbKind: handle.kind,
      env: loadEnv({ DATA_DIR: '/tmp/doorstep-test', LOG_LEVEL: 'silent', ...env } as NodeJS.ProcessEnv),
      log: pino({ level: 'silent' }),
      sessionSecret: 'http-security-secret-0123456789',
      clientDir,
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    handle = await createTestDb();
    await handle.db.insert(users).values({
      username: 'sec.admin',
      displayName: 'Security admin',
      passwordHash: await hashPassword(PASSWORD),
      role: 'admin',
    });
    // A built client as vite writes it: the shell and a hashed asset.
    clientDir = mkdtempSync(join(tmpdir(), 'doorstep-client-'));
    mkdirSync(join(clientDir, 'assets'));
    writeFileSync(
      join(clientDir, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>',
    );
    writeFileSync(join(clientDir, 'assets', 'app.js'), 'console.log("app")');
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await handle?.close();
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  const html = { accept: 'text/html' };
  const paths: Array<[string, string, Record<string, string>]> = [
    ['the app', '/', html],
    ['a page of the app', '/dispatch', html],
    ['the borrower’s slot link', '/s/Tok3nThatOpensAnAddress_0123456789', html],
    ['the badge check', '/verify/AB12CD34', html],
    ['a tRPC call', '/trpc/auth.me', {}],
    ['a failing tRPC call', '/trpc/teams.list', {}],
    ['the health check', '/healthz', {}],
    ['a static asset', '/assets/app.js', {}],
    ['an unknown path', '/nope.json', {}],
  ];

  for (const nodeEnv of ['development', 'production']) {
    it(`locks the browser down on every kind of path (NODE_ENV=${nodeEnv})`, async () => {
      const app = await build({ NODE_ENV: nodeEnv });
      for (const [what, url, headers] of paths) {
        const res = await app.inject({ method: 'GET', url, headers, remoteAddress: CLIENT });
        const policy = csp(res);
        const where = `${what} (${url})`;
        expect(policy['default-src'], where).toEqual(["'self'"]);
        expect(policy['script-src']?.[0], where).toBe("'self'");
        expect(policy['script-src']?.join(' '), where).not.toMatch(/unsafe|\*|data:|https?:/);
        expect(policy['style-src']?.join(' '), where).not.toMatch(/unsafe-inline/);
        expect(policy['style-src']?.[0], where).toBe("'self'");
        expect(policy['img-src'], where).toEqual(["'self'", 'data:', 'blob:', 'https://tile.openstreetmap.org']);
        expect(policy['connect-src'], where).toEqual(["'self'"]);
        expect(policy['font-src'], where).toEqual(["'self'", 'data:']);
        expect(policy['frame-ancestors'], where).toEqual(["'none'"]);
        expect(policy['base-uri'], where).toEqual(["'self'"]);
        expect(policy['form-action'], where).toEqual(["'self'"]);
        expect(policy['object-src'], where).toEqual(["'none'"]);
        expect(res.headers['x-frame-options'], where).toBe('DENY');
        expect(res.headers['x-content-type-options'], where).toBe('nosniff');
        expect(res.headers['referrer-policy'], where).toBe('no-referrer');
        // Plain HTTP: a Strict-Transport-Security header here would be ignored at best.
        expect(res.headers['strict-transport-security'], where).toBeUndefined();
      }
    });
  }

  it('serves the shell with a fresh style nonce the page can read, and never caches it', async () => {
    const app = await build();
    const first = await app.inject({ method: 'GET', url: '/s/SomeToken_0123456789abcdefghij', headers: html });
    const second = await app.inject({ method: 'GET', url: '/', headers: html });
    const nonceOf = (res: LightMyRequestResponse) => {
      const source = csp(res)['style-src']?.find((s) => s.startsWith("'nonce-"));
      return source?.slice("'nonce-".length, -1);
    };
    const nonce = nonceOf(first);
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(nonceOf(second)).not.toBe(nonce);
    expect(first.body).toContain(`<meta name="csp-nonce" content="${nonce}">`);
    expect(first.headers['cache-control']).toBe('no-cache');
    // The raw template (without a nonce) is not reachable either.
    const raw = await app.inject({ method: 'GET', url: '/index.html', headers: html });
    expect(raw.body).toContain(`<meta name="csp-nonce" content="${nonceOf(raw)}">`);
  });

  it('sends a tRPC answer every security header of the shell, the same policy without the page’s nonces', async () => {
    const app = await build();
    const shell = await app.inject({ method: 'GET', url: '/', headers: html, remoteAddress: CLIENT });
    const answer = await app.inject({ method: 'GET', url: '/trpc/auth.me', remoteAddress: CLIENT });
    expect(answer.statusCode).toBe(200);
    // helmet 8's defaults (the set @fastify/helmet sent per response before session 29), on both.
    const every = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'DENY',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    for (const res of [shell, answer]) expect(res.headers).toMatchObject(every);
    const shellPolicy = String(shell.headers['content-security-policy']);
    expect(shellPolicy).toMatch(/script-src 'self' 'nonce-[0-9a-f]{32}';style-src 'self' 'nonce-[0-9a-f]{32}';/);
    // The answer runs no script or style: no nonce is drawn for it, the policy is otherwise the shell's.
    expect(answer.headers['content-security-policy']).toBe(shellPolicy.replace(/ 'nonce-[0-9a-f]{32}'/g, ''));
    // A whole JSON answer goes out as one piece with its length, not chunked (http.ts, wholeJsonAnswer).
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    expect(answer.json()).toEqual({ result: { data: null } });
  });

  it('lets map tiles come from every TILE_URL subdomain and nothing else', async () => {
    const app = await build({ TILE_URL: 'https://{s}.tiles.example.org:8443/osm/{z}/{x}/{y}.png?key=abc' });
    const res = await app.inject({ method: 'GET', url: '/', headers: html });
    expect(csp(res)['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://*.tiles.example.org:8443']);
    expect(csp(res)['connect-src']).toEqual(["'self'"]);
  });

  it('sends HSTS only when the request came over HTTPS through a trusted proxy', async () => {
    const app = await build();
    const viaProxy = await app.inject({
      method: 'GET',
      url: '/healthz',
      remoteAddress: LOCAL_PROXY,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(viaProxy.headers['strict-transport-security']).toBe('max-age=31536000');
    // Anyone can write the header; from a client that is not a trusted proxy it proves nothing.
    const spoofed = await app.inject({
      method: 'GET',
      url: '/healthz',
      remoteAddress: CLIENT,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });

  const login = (app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      remoteAddress,
      headers,
      payload: { username: 'sec.admin', password: PASSWORD },
    });
  const cookieOf = (res: LightMyRequestResponse) => {
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^doorstep_session=.*HttpOnly/);
    return cookie;
  };

  it('marks the session cookie Secure whenever the request came over HTTPS, whatever NODE_ENV says', async () => {
    const app = await build({ NODE_ENV: 'development' });
    const https = cookieOf(await login(app, LOCAL_PROXY, { 'x-forwarded-proto': 'https' }));
    expect(https).toMatch(/; Secure/);
    // Behind a proxy trusted by address (TRUST_PROXY lists it), too.
    const listed = await build({ NODE_ENV: 'development', TRUST_PROXY: '10.0.0.0/8' });
    expect(cookieOf(await login(listed, '10.1.2.3', { 'x-forwarded-proto': 'https' }))).toMatch(/; Secure/);
  });

  it('does not take an untrusted client’s word for HTTPS, and keeps plain HTTP working in development', async () => {
    const app = await build({ NODE_ENV: 'development' });
    const spoofed = cookieOf(await login(app, CLIENT, { 'x-forwarded-proto': 'https' }));
    expect(spoofed).not.toMatch(/Secure/);
    const plain = cookieOf(await login(app, LOCAL_PROXY));
    expect(plain).not.toMatch(/Secure/);
    const noProxy = await build({ NODE_ENV: 'development', TRUST_PROXY: 'false' });
    expect(cookieOf(await login(noProxy, LOCAL_PROXY, { 'x-forwarded-proto': 'https' }))).not.toMatch(/Secure/);
  });

  it('always marks it Secure with NODE_ENV=production, so a session is never sent in clear there', async () => {
    const app = await build({ NODE_ENV: 'production' });
    expect(cookieOf(await login(app, CLIENT))).toMatch(/; Secure/);
  });
});
