import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Env } from '../env';
import { requestSerializer } from '../log-redact';

/** The server's logger: structured JSON lines (pino), request fields redacted (log-redact.ts). */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: env.LOG_LEVEL, serializers: { req: requestSerializer } };
  return destination ? pino(options, destination) : pino(options);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The load balancer's and the orchestrator's probes (ops.http.ts), polled every few seconds. */
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * The level a finished request is logged at. Reads are routine (a dispatcher's board polls, a field app refreshes:
 * 16k info lines in 35 minutes of one user): debug. A change someone made (any other method — tRPC mutations are
 * POSTs, its queries GETs) and a refused request: info. A server error: error — but not a probe's answer: /readyz
 * answers 503 while the process warms up or its database is away (expected at every start; the route logs why at
 * warn), so a probe's line stays routine.
 */
export function requestLogLevel(method: string, statusCode: number, url = ''): 'error' | 'info' | 'debug' {
  if (PROBES.has(url.split('?', 1)[0] as string)) return statusCode >= 500 ? 'info' : 'debug';
  if (statusCode >= 500) return 'error';
  if (statusCode >= 400 || !READS.has(method)) return 'info';
  return 'debug';
}

/**
 * Fastify's per-request lines under the log policy: one line when a request ends, at requestLogLevel, instead of
 * two at info for every request. Error lines of Fastify's error handler stay as they are (with the stack).
 */
export class RequestLogPolicy extends LogController {
  override incomingRequest(): void {}

  // The line of the finished request says 404 already.
  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const statusCode = reply.statusCode;
    const line = { req, res: { statusCode }, ms: Math.round(reply.elapsedTime) };
    if (error) req.log.error({ ...line, err: error }, 'request failed');
    else req.log[requestLogLevel(req.method, statusCode, req.url)](line, 'request done');
  }
}
