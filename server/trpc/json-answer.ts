/**
 * tRPC's whole JSON answer to a GET or JSON POST of queries or mutations (one call or a batch), built without the
 * Fetch objects `resolveResponse` goes through (issue #17; docs/scale.md, session 33): it makes a `Headers`, parses
 * the URL again, draws four AbortControllers and `AbortSignal.any`s per call, and wraps the JSON text in an undici
 * `Response` (a body stream) that the adapter then read back — ≈ 10–13 % of a field.today request's app CPU. The
 * steps are resolveResponse's non-streaming ones, on tRPC's own parts (`getRequestInfo` for the paths and inputs,
 * `getErrorShape`, `getHTTPStatusCode`, `transformTRPCResponse`), so an answer is the same bytes, status and
 * headers (test/integration/trpc-json-answer.test.ts compares the two on the real router). Anything else — a
 * subscription, a jsonl batch stream, a request tRPC cannot read — answers null, and the caller uses resolveResponse.
 */
import type { AnyTRPCRouter } from '@trpc/server';
import type { HTTPBaseHandlerOptions, TRPCRequestInfo } from '@trpc/server/http';
import {
  getErrorShape,
  getHTTPStatusCode,
  getRequestInfo,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  TRPCError,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';

/** The request as tRPC's `getRequestInfo` reads it (the adapter's plain object for a GET or JSON POST). */
export interface JsonCallRequest {
  method: string;
  url: string;
  headers: { get(name: string): string | null; has(name: string): boolean };
  signal: AbortSignal;
  json(): Promise<unknown>;
}

/** What resolveResponse is given, less the request and path (server/http.ts's trpcOptions). */
type AnswerOptions<TRouter extends AnyTRPCRouter, TRequest> = Pick<
  HTTPBaseHandlerOptions<TRouter, TRequest>,
  'router' | 'onError' | 'responseMeta' | 'maxBatchSize' | 'allowBatching' | 'allowMethodOverride'
> & {
  createContext: (opts: { info: TRPCRequestInfo }) => Promise<unknown>;
};

/** A whole answer: status, headers (lower-case names) and the JSON text. */
export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Shape = { result: { data: unknown } } | { error: ReturnType<typeof getErrorShape> };
/** One call's end: its shape in the answer, its error if any; `refused`: a single call's data tRPC would stream. */
interface Outcome {
  shape?: Shape;
  error?: TRPCError;
  refused?: boolean;
}

/** The methods each procedure type accepts (resolveResponse's TYPE_ACCEPTED_METHOD_MAP, no method override). */
const ACCEPTED: Record<string, readonly string[]> = { query: ['GET'], mutation: ['POST'] };

/** Data tRPC would stream (an async iterable, or an object holding promises or iterables): refused in a whole answer. */
function isDataStream(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (isAsyncIterable(v)) return true;
  return Object.values(v).some(isPromise) || Object.values(v).some(isAsyncIterable);
}

/**
 * The answer to `req` at `path` (as the route received it, URL-encoded), or null when it is not a whole JSON answer
 * of queries and mutations (the caller then uses resolveResponse, which handles everything).
 */
export async function answerJsonCalls<TRouter extends AnyTRPCRouter, TRequest>(
  opts: AnswerOptions<TRouter, TRequest>,
  req: JsonCallRequest,
  path: string,
  /** The request onError is told of (the server's own, as with resolveResponse through the adapter). */
  hookReq: TRequest,
): Promise<JsonAnswer | null> {
  const { router } = opts;
  if (opts.allowMethodOverride || opts.allowBatching === false) return null;
  const query = req.url.indexOf('?');
  const searchParams = new URLSearchParams(query < 0 ? '' : req.url.slice(query + 1));
  let info: TRPCRequestInfo;
  try {
    info = await getRequestInfo({
      req: req as unknown as Request,
      path: decodeURIComponent(path),
      router,
      searchParams,
      headers: req.headers as Headers,
      url: null,
      maxBatchSize: opts.maxBatchSize,
    });
  } catch {
    return null;
  }
  if (info.accept === 'application/jsonl') return null;
  if (info.calls.some((call) => call.procedure?._def.type === 'subscription')) return null;

  const config = router._def._config;
  let ctx: unknown;
  let ctxError: TRPCError | undefined;
  try {
    ctx = await opts.createContext({ info });
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause);
  }
  const outcomes = await Promise.all(
    info.calls.map(async (call): Promise<Outcome> => {
      const proc = call.procedure;
      const type = proc?._def.type ?? 'unknown';
      let data: unknown;
      try {
        if (ctxError) throw ctxError;
        if (!proc) throw new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${call.path}"` });
        if (!ACCEPTED[proc._def.type]?.includes(req.method))
          throw new TRPCError({
            code: 'METHOD_NOT_SUPPORTED',
            message: `Unsupported ${req.method}-request to ${proc._def.type} procedure at path "${call.path}"`,
          });
        data = await proc({
          path: call.path,
          getRawInput: call.getRawInput,
          ctx,
          type: proc._def.type,
          signal: req.signal,
          batchIndex: call.batchIndex,
        });
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        const input = call.result();
        opts.onError?.({ error, path: call.path, input, ctx, type, req: hookReq });
        return { error, shape: { error: getErrorShape({ config, ctx, error, input, path: call.path, type }) } };
      }
      if (!isDataStream(data)) return { shape: { result: { data } } };
      const error = new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
      });
      // As resolveResponse: a batch's call is shaped unreported; a single call's is its request's error (below).
      if (!info.isBatchCall) return { error, refused: true };
      return {
        error,
        shape: { error: getErrorShape({ config, ctx, error, input: call.result(), path: call.path, type }) },
      };
    }),
  );
  const errors = outcomes.flatMap((o) => (o.error ? [o.error] : []));
  if (info.isBatchCall) {
    const shapes = outcomes.map((o) => o.shape as Shape);
    return finish(opts, info, ctx, errors, shapes, shapes);
  }
  const [only] = outcomes as [Outcome];
  if (!only.refused) return finish(opts, info, ctx, errors, only.shape as Shape, [only.shape as Shape]);
  // resolveResponse's outer catch: the error reported and shaped without the call's path and input.
  const error = only.error as TRPCError;
  opts.onError?.({ error, path: undefined, input: undefined, ctx, type: info.type, req: hookReq });
  const shape = { error: getErrorShape({ config, ctx, error, input: undefined, path: undefined, type: info.type }) };
  return finish(opts, info, ctx, errors, shape, shape);
}

/** Status and headers as resolveResponse's initResponse gives them, and the JSON text. */
function finish<TRouter extends AnyTRPCRouter, TRequest>(
  opts: AnswerOptions<TRouter, TRequest>,
  info: TRPCRequestInfo,
  ctx: unknown,
  errors: TRPCError[],
  json: Shape | Shape[],
  untransformed: Shape | Shape[],
): JsonAnswer {
  const headers: Record<string, string> = { vary: 'trpc-accept, accept', 'content-type': 'application/json' };
  let status = getHTTPStatusCode(untransformed as never);
  const list = Array.isArray(untransformed) ? untransformed : [untransformed];
  const meta =
    opts.responseMeta?.({
      ctx: ctx as never,
      info,
      paths: info.calls.map((call) => call.path),
      data: list as never,
      errors,
      eagerGeneration: false,
      type: info.calls.find((call) => call.procedure?._def.type)?.procedure?._def.type ?? 'unknown',
    }) ?? {};
  if (meta.headers) {
    if (meta.headers instanceof Headers) for (const [key, value] of meta.headers) appendHeader(headers, key, value);
    else
      for (const [key, value] of Object.entries(meta.headers)) {
        if (Array.isArray(value)) for (const v of value) appendHeader(headers, key, v);
        else if (typeof value === 'string') headers[key.toLowerCase()] = value;
      }
  }
  if (meta.status) status = meta.status;
  return { status, headers, body: JSON.stringify(transformTRPCResponse(opts.router._def._config, json as never)) };
}

/** Headers.append: a second value of a name joins the first with ", ". */
function appendHeader(headers: Record<string, string>, name: string, value: string) {
  const key = name.toLowerCase();
  headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
}
