import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';

/**
 * Serves the built client: its files as they are, and index.html for every page of the single-page app with
 * this response's CSP nonce in `<meta name="csp-nonce">`, where Mantine and FullCalendar read it for the
 * <style> elements they create.
 */
export async function registerClientApp(app: FastifyInstance, clientDir: string, log: Logger) {
  if (!existsSync(clientDir)) {
    log.warn({ clientDir }, 'client build not found; run `npm run build` to serve the web app');
    return;
  }
  const template = readFileSync(join(clientDir, 'index.html'), 'utf8');
  const sendShell = (reply: FastifyReply) =>
    reply
      // A new nonce each time: a cached copy would carry a nonce its CSP header no longer names.
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(template.replace('</head>', `<meta name="csp-nonce" content="${reply.cspNonce?.style ?? ''}"></head>`));

  // index.html is never sent as a file: without its nonce the page's styles would be refused.
  await app.register(fastifyStatic, { root: clientDir, wildcard: false, index: false, globIgnore: ['index.html'] });
  app.get('/', (_req, reply) => sendShell(reply));
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/trpc') && req.headers.accept?.includes('text/html')) {
      return sendShell(reply);
    }
    return reply.code(404).send({ error: 'Not found' });
  });
}
