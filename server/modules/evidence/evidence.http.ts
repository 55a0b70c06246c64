import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { id } from '../../../shared/schemas/blocks';
import { contentDisposition } from '../../security/content-disposition';
import { signedIn } from '../../security/signed-in';
import type { Context } from '../../trpc/context';
import { httpErrorResponse } from '../../trpc/error-conversion';
import { openEvidence } from './evidence.service';

const params = z.object({ id });

/**
 * GET /evidence/:id (a photo shown in the page) and GET /evidence/:id?download=1 (any file, saved): the
 * stored bytes streamed with their type, a Content-Disposition and nosniff, to the session's user if they may
 * see the visit, each opening audited. A plain GET rather than a tRPC query, so a recording is streamed from
 * disk instead of travelling as base64 inside JSON, and an <img> or a link can point at it.
 */
export function registerEvidenceRoutes(
  app: FastifyInstance,
  http: {
    contextFor: (req: FastifyRequest, res: FastifyReply) => Promise<Context>;
    askedLocale: (req: FastifyRequest) => Context['locale'];
  },
) {
  const { contextFor } = http;
  app.get('/evidence/:id', async (req, reply) => {
    let locale = http.askedLocale(req);
    try {
      const ctx = await contextFor(req, reply);
      locale = ctx.locale;
      // Another site may link here but never gets a file or an audit entry in the user's name.
      const authed = signedIn(ctx, req);
      const parsed = params.safeParse(req.params);
      if (!parsed.success) throw new AppError('NOT_FOUND', { entity: 'attachment' });
      const download = (req.query as Record<string, unknown>).download === '1';
      const file = await openEvidence(authed, { attachmentId: parsed.data.id, download });
      return (
        reply
          .header('content-type', file.contentType)
          .header('content-length', String(file.size))
          .header('content-disposition', contentDisposition(file.disposition, file.filename))
          .header('x-content-type-options', 'nosniff')
          // Every opening is audited, so no copy may be kept and served again without asking.
          .header('cache-control', 'private, no-store')
          .send(file.stream)
      );
    } catch (err) {
      const res = httpErrorResponse(err, locale);
      if (res.retryAfter !== null) reply.header('retry-after', String(res.retryAfter));
      return reply.code(res.status).header('cache-control', 'no-store').send(res.body);
    }
  });
}
