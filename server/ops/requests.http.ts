import type { FastifyInstance } from 'fastify';
import { observeHttp } from './metrics';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Around every request: its id goes back on the response (the one the proxy sent, or ours — request-id.ts) so a
 * user's report or a proxy's log line leads to the app's lines; when it ends, one latency observation. Its log line
 * is Fastify's, under the log policy (log.ts).
 */
export function registerRequestHooks(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  app.addHook('onResponse', async (req, reply) => {
    // A live-update stream lasts as long as the board is open: as a latency it would swamp the route's quantiles.
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
    observeHttp(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
}
