import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../trpc/context';
import { httpErrorResponse } from '../trpc/error-conversion';

/** What a plain HTTP route outside tRPC is given by the server: the one way a request becomes a Context. */
export interface HttpRouteDeps {
  contextFor: (req: FastifyRequest, res: FastifyReply) => Promise<Context>;
  askedLocale: (req: FastifyRequest) => Context['locale'];
}

/** Answers a refusal as tRPC would: its status, `{error: {code, message}}` in `locale`, Retry-After when due. */
export function sendHttpError(reply: FastifyReply, err: unknown, locale: Context['locale']) {
  const res = httpErrorResponse(err, locale);
  if (res.retryAfter !== null) reply.header('retry-after', String(res.retryAfter));
  return reply.code(res.status).header('cache-control', 'no-store').send(res.body);
}

/**
 * Runs a plain HTTP route's work with the request's Context; whatever it throws is answered by sendHttpError in the
 * caller's language (the asked one until the session is known).
 */
export async function answerHttp(
  http: HttpRouteDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  work: (ctx: Context) => Promise<unknown>,
) {
  let locale = http.askedLocale(req);
  try {
    const ctx = await http.contextFor(req, reply);
    locale = ctx.locale;
    return await work(ctx);
  } catch (err) {
    return sendHttpError(reply, err, locale);
  }
}
