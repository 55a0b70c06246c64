import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TrustProxy } from './trust-proxy';

/** The header a request id comes in on (from a trusted proxy) and goes out on (every response). */
export const REQUEST_ID_HEADER = 'x-request-id';

// What a proxy's id may look like: a UUID, nginx's $request_id (32 hex), a trace id. Anything else — control
// characters, markup, a 10 KB header — would end up in every log line of the request, so it is replaced.
const SANE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Whether an incoming request id may be kept as it is. */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_ID.test(value);
}

/**
 * Fastify's genReqId: the id a trusted proxy sent (so one id follows the request through proxy and app logs),
 * else a new UUID — unique across app instances, unlike Fastify's per-process counter.
 */
export function requestIdGenerator(trust: TrustProxy): (req: IncomingMessage) => string {
  return (req) => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    const peer = req.socket?.remoteAddress;
    if (peer && trust(peer, 0) && isSaneRequestId(incoming)) return incoming;
    return randomUUID();
  };
}
