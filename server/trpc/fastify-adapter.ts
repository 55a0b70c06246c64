/**
 * tRPC on Fastify: what @trpc/server's fastify adapter does (its content-type parsers, one route per path, the
 * request to tRPC and its answer back), at less of the app's CPU per request (issue #17; docs/scale.md, sessions 31
 * and 33). The adapter converts every request into a Fetch `Request` — a `Headers` copy of every header, the URL
 * parsed, an `AbortController` whose signal the `Request` follows through `AbortSignal.any` — and tRPC's
 * `resolveResponse` answers with a Fetch `Response` that Fastify read back. Here a GET or a JSON POST reaches tRPC as
 * a plain object with the few members tRPC reads (method, url, headers.get/has, signal, json()), and a whole JSON
 * answer of queries and mutations is built without Fetch objects (json-answer.ts) and sent as one string with its
 * length. Anything else (a subscription's event stream, a jsonl batch stream, a multipart or binary POST, a request
 * tRPC cannot read) goes through `resolveResponse`; a whole JSON `Response` from it is sent as its bytes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import type { FastifyHandlerOptions } from '@trpc/server/adapters/fastify';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import { resolveResponse, type TRPCRequestInfo } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerJsonCalls, type JsonCallRequest } from './json-answer';

export type TrpcFastifyOptions<TRouter extends AnyTRPCRouter> = FastifyHandlerOptions<
  TRouter,
  FastifyRequest,
  FastifyReply
>;

/** A request's headers as `Headers.get`/`has` read them: by lower-case name, repeated values joined. */
function headerReader(raw: IncomingHttpHeaders) {
  const get = (name: string) => {
    const value = raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return { get, has: (name: string) => get(name) !== null };
}

/**
 * The signal tRPC hands a procedure: aborted when the client goes away before its answer ended (a subscription's
 * event stream stops so), as the adapter's `incomingMessageToRequest` does it.
 */
function closedSignal(req: FastifyRequest, reply: FastifyReply): AbortSignal {
  const abort = new AbortController();
  const onAbort = () => {
    reply.raw.off('close', onClose);
    req.raw.off('aborted', onAbort);
    abort.abort();
  };
  const onClose = () => {
    if (reply.raw.writableEnded) req.raw.off('aborted', onAbort);
    else onAbort();
  };
  reply.raw.once('close', onClose);
  req.raw.once('aborted', onAbort);
  return abort.signal;
}

/** The request as tRPC reads it: a plain object for a GET or a JSON POST, the adapter's Fetch Request otherwise. */
function trpcRequest(
  req: FastifyRequest,
  reply: FastifyReply,
): { plain: JsonCallRequest; fetch?: never } | { plain?: never; fetch: Request } {
  const headers = headerReader(req.headers);
  const json = (headers.get('content-type') ?? '').toLowerCase().split(';', 1)[0]?.trim() === 'application/json';
  if (req.method !== 'GET' && !(req.method === 'POST' && json && typeof req.body === 'string')) {
    const raw = req.raw as typeof req.raw & { body?: unknown };
    if (req.body !== undefined) raw.body = req.body;
    return { fetch: incomingMessageToRequest(raw, reply.raw, { maxBodySize: null }) };
  }
  const body = req.body as string | undefined;
  const plain = {
    method: req.method,
    url: `http://${req.headers.host ?? 'localhost'}${req.raw.url}`,
    headers,
    signal: closedSignal(req, reply),
    // As a Fetch Request's json(): a body that is not JSON (or none) rejects with the parser's SyntaxError.
    json: async () => JSON.parse(body as string),
  };
  return { plain };
}

/**
 * A whole JSON answer (not a subscription's event stream nor a jsonl batch stream, which tRPC marks chunked) is sent
 * as its bytes with their length: one write, no chunked framing, no round trip through a JavaScript string.
 */
async function send(reply: FastifyReply, response: Response) {
  const { headers } = response;
  if (headers.has('transfer-encoding') || !headers.get('content-type')?.startsWith('application/json')) {
    return reply.send(response);
  }
  reply.code(response.status);
  for (const [name, value] of headers) reply.header(name, value);
  return reply.send(Buffer.from(await response.arrayBuffer()));
}

/** Registers tRPC at `/:path` of the scope it is registered in (its prefix), like the adapter's fastifyTRPCPlugin. */
export function trpcFastifyPlugin<TRouter extends AnyTRPCRouter>(
  scope: FastifyInstance,
  opts: { trpcOptions: TrpcFastifyOptions<TRouter> },
  done: (err?: Error) => void,
) {
  const { trpcOptions } = opts;
  // The bodies as tRPC reads them: JSON as its text, multipart as the request stream (the adapter's parsers).
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, parsed) => parsed(null, body));
  scope.removeContentTypeParser('multipart/form-data');
  scope.addContentTypeParser('multipart/form-data', {}, (_req, body, parsed) => parsed(null, body));

  scope.all<{ Params: { path: string } }>('/:path', async (req, reply) => {
    const request = trpcRequest(req, reply);
    const createContext = async (inner: { info: TRPCRequestInfo }) =>
      trpcOptions.createContext?.({ ...inner, req, res: reply, info: inner.info });
    // A whole JSON answer of queries and mutations without the Fetch objects (json-answer.ts); anything else as tRPC.
    if (request.plain) {
      const answer = await answerJsonCalls({ ...trpcOptions, createContext }, request.plain, req.params.path, req);
      // As bytes: a string would have Fastify add "; charset=utf-8" to the content type tRPC names.
      if (answer) return reply.code(answer.status).headers(answer.headers).send(Buffer.from(answer.body));
    }
    const response = await resolveResponse({
      ...trpcOptions,
      req: request.fetch ?? (request.plain as unknown as Request),
      path: req.params.path,
      error: null,
      createContext,
      onError: (o) => trpcOptions.onError?.({ ...o, req }),
    });
    return send(reply, response);
  });
  done();
}
