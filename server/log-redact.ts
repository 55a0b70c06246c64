import type { FastifyRequest } from 'fastify';

// What a URL may carry that opens something to whoever holds it: a borrower's slot link (/s/<token>, and the
// token in a slots.* call) and a badge code (/verify/<code>). Kept out of the logs like a password would be.
const PATH_SECRET = /^(\/(?:s|verify)\/)[^/?#]+/;
const INPUT_SECRET = /(%22(?:token|code)%22%3A%22)[^%]*(%22)/gi;
const INPUT_SECRET_PLAIN = /("(?:token|code)"\s*:\s*")[^"]*(")/gi;

/** The URL with slot-link tokens and badge codes replaced by "[redacted]". */
function redactUrl(url: string): string {
  return url
    .replace(PATH_SECRET, '$1[redacted]')
    .replace(INPUT_SECRET, '$1[redacted]$2')
    .replace(INPUT_SECRET_PLAIN, '$1[redacted]$2');
}

/** pino serializer for Fastify's request log lines: method, redacted URL, client address. */
export function requestSerializer(req: FastifyRequest) {
  return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip };
}
