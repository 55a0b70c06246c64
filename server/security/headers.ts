import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cspDirectives } from './csp';

/**
 * Whether the browser reached us over HTTPS: directly, or through a proxy TRUST_PROXY trusts (Fastify reads
 * X-Forwarded-Proto only from those, so a client cannot claim it).
 */
export function cameOverHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/**
 * Security headers on every response (pages, tRPC, health, static files, 404s): the CSP, no framing, no
 * MIME sniffing, no Referer (the slot-link page's URL holds its token) and HSTS over HTTPS.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { tileUrl: string }) {
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(opts.tileUrl) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only over HTTPS (below): on plain HTTP the header is ignored, and on a LAN address it would be wrong.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (req, reply) => {
    // Without includeSubDomains: other hosts under the lender's domain are not ours to commit to HTTPS.
    if (cameOverHttps(req)) reply.header('strict-transport-security', 'max-age=31536000');
  });
}
