import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { PageNonce } from './security/headers';

/**
 * Serves the built client: its files as they are, and index.html for every page of the single-page app with
 * this response's CSP nonce in `<meta name="csp-nonce">`, where Mantine and FullCalendar read it for the
 * <style> elements they create.
 */
export async function registerClientApp(app: FastifyInstance, clientDir: string, log: Logger, pageNonce: PageNonce) {
  if (!existsSync(clientDir)) {
    log.warn({ clientDir }, 'client build not found; run `npm run build` to serve the web app');
    return;
  }
  const template = readFileSync(join(clientDir, 'index.html'), 'utf8');
  const sendShell = (reply: FastifyReply) => {
    const nonce = pageNonce(reply).style;
    return (
      reply
        // A new nonce each time: a cached copy would carry a nonce its CSP header no longer names.
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(template.replace('</head>', `<meta name="csp-nonce" content="${nonce}"></head>`))
    );
  };

  // index.html is never sent as a file: without its nonce the page's styles would be refused. Files under
  // assets/ carry a content hash in their name (Vite), so a browser keeps them for a year without asking again;
  // a new build has new names. The rest (sw.js, the web manifest, the icon) keep their names across builds and
  // are revalidated. The build writes .br/.gz copies (scripts/precompress.ts) that are sent as they are.
  await app.register(fastifyStatic, {
    root: clientDir,
    wildcard: false,
    index: false,
    globIgnore: ['index.html'],
    preCompressed: true,
    setHeaders: (reply, path) => {
      const hashed = relative(clientDir, path).split(sep)[0] === 'assets';
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/', (_req, reply) => sendShell(reply));
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/trpc') && req.headers.accept?.includes('text/html')) {
      return sendShell(reply);
    }
    return reply.code(404).send({ error: 'Not found' });
  });
}
