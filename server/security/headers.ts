import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { cspDirectives } from './csp';

/**
 * Whether the browser reached us over HTTPS: directly, or through a proxy TRUST_PROXY trusts (Fastify reads
 * X-Forwarded-Proto only from those, so a client cannot claim it).
 */
export function cameOverHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The headers a helmet middleware sets (it is synchronous), as lower-case name → value. */
function headersSetBy(middleware: Middleware, res: object = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  const capture = Object.assign(res, {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  });
  middleware({} as IncomingMessage, capture as unknown as ServerResponse, (err) => {
    if (err) throw err;
  });
  return headers;
}

/** A page's nonces: drawn for each shell sent, named in its CSP and in its `<meta name="csp-nonce">`. */
export interface PageNonces {
  script: string;
  style: string;
}

/** Sets the page's CSP with fresh nonces on `reply` (the web app's shell); returns them for the page to read. */
export type PageNonce = (reply: FastifyReply) => PageNonces;

/**
 * Security headers on every response (pages, tRPC, health, static files, 404s): the CSP, no framing, no MIME
 * sniffing, no Referer (the slot-link page's URL holds its token), helmet's other defaults, and HSTS over HTTPS.
 * helmet computes them once at start (they are the same for every answer: @fastify/helmet re-ran the middleware and
 * drew two nonces for every response, JSON included — session 29, docs/scale.md). The returned function gives the
 * shell its nonces: the page is the only answer that runs scripts and styles, so no other answer draws one.
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: { tileUrl: string }): PageNonce {
  const directives = cspDirectives(opts.tileUrl);
  const headers = headersSetBy(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Only over HTTPS (below): on plain HTTP the header is ignored, and on a LAN address it would be wrong.
      strictTransportSecurity: false,
    }) as Middleware,
  );
  const nonceOf = (kind: keyof PageNonces) => (_req: IncomingMessage, res: ServerResponse) =>
    `'nonce-${(res as unknown as { nonces: PageNonces }).nonces[kind]}'`;
  const pageCsp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      ...directives,
      scriptSrc: [...(directives.scriptSrc ?? []), nonceOf('script')],
      styleSrc: [...(directives.styleSrc ?? []), nonceOf('style')],
    },
  }) as Middleware;
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    // Without includeSubDomains: other hosts under the lender's domain are not ours to commit to HTTPS.
    if (cameOverHttps(req)) reply.header('strict-transport-security', 'max-age=31536000');
    done();
  });
  return (reply) => {
    const nonces = { script: randomBytes(16).toString('hex'), style: randomBytes(16).toString('hex') };
    reply.headers(headersSetBy(pageCsp, { nonces }));
    return nonces;
  };
}
