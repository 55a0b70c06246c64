import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cspDirectives, cspHeader } from './csp';

/**
 * Whether the browser reached us over HTTPS: directly, or through a proxy TRUST_PROXY trusts (Fastify reads
 * X-Forwarded-Proto only from those, so a client cannot claim it).
 */
export function cameOverHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/**
 * The headers every response carries beside its CSP: no framing, no MIME sniffing, no Referer (the slot-link page's
 * URL holds its token), and the rest of helmet 8's defaults, which the app set through @fastify/helmet until
 * session 29 (helmet drew two nonces and rebuilt its middleware for every answer, JSON included; docs/scale.md).
 */
const EVERY_RESPONSE = {
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
} as const;

/** Sets the page's CSP with fresh nonces on `reply` (the web app's shell); returns them for the page to read. */
export type PageNonce = (reply: FastifyReply) => { script: string; style: string };

/**
 * Security headers on every response (pages, tRPC, health, static files, 404s): the CSP, the headers above and
 * HSTS over HTTPS, all fixed strings built once. The returned function gives the shell its nonces: a page with a
 * CSP nonce is the only answer that runs scripts and styles, so no other answer draws one.
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: { tileUrl: string }): PageNonce {
  const directives = cspDirectives(opts.tileUrl);
  const headers = { ...EVERY_RESPONSE, 'content-security-policy': cspHeader(directives) };
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    // Only over HTTPS: on plain HTTP the header is ignored, and on a LAN address it would be wrong. Without
    // includeSubDomains: other hosts under the lender's domain are not ours to commit to HTTPS.
    if (cameOverHttps(req)) reply.header('strict-transport-security', 'max-age=31536000');
    done();
  });
  return (reply) => {
    const nonces = { script: randomBytes(16).toString('hex'), style: randomBytes(16).toString('hex') };
    reply.header('content-security-policy', cspHeader(directives, nonces));
    return nonces;
  };
}
