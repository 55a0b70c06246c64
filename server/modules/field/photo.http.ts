import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { id } from '../../../shared/schemas/blocks';
import { answerHttp, type HttpRouteDeps } from '../../security/http-route';
import { signedIn } from '../../security/signed-in';
import type { Context } from '../../trpc/context';
import { openStoredFile } from '../evidence/evidence.files';
import { agentPhotoFile, photoForCheck } from './agent-photo';

const params = z.object({ checkId: id });
const agentParams = z.object({ agentId: id });

/** Streams a photo file; a file the database names but the disk lost is answered like no photo. */
async function sendPhoto(reply: FastifyReply, file: { path: string; mimeType: string } | null) {
  const size = file
    ? await stat(file.path).then(
        (s) => (s.isFile() ? s.size : null),
        () => null,
      )
    : null;
  if (!file || size === null) throw new AppError('NOT_FOUND', { entity: 'photo' });
  return (
    reply
      .header('content-type', file.mimeType)
      .header('content-length', String(size))
      .header('x-content-type-options', 'nosniff')
      // A face is personal data: no shared cache keeps it, and the phone keeps its own copy for offline use.
      .header('cache-control', 'private, no-store')
      .send(openStoredFile(file.path))
  );
}

/**
 * The agent's ID photo, served scoped: GET /field/photo to the signed-in agent (their own, for the badge the phone
 * keeps offline), and GET /badge-photo/:checkId to anyone holding the address a valid badge check gave out (the
 * borrower's /verify page), for a short while, and GET /admin/agent-photo/:agentId to an admin managing agents.
 * Every other request is 404, like a photo that is not on file.
 */
export function registerPhotoRoutes(app: FastifyInstance, http: HttpRouteDeps) {
  const answer = (req: FastifyRequest, reply: FastifyReply, work: (ctx: Context) => Promise<unknown>) =>
    answerHttp(http, req, reply, work);
  app.get('/field/photo', (req, reply) =>
    answer(req, reply, async (ctx) => {
      const { user } = signedIn(ctx, req);
      const file = user.agentId ? await agentPhotoFile(ctx.db, ctx.env.DATA_DIR, user.agentId) : null;
      return sendPhoto(reply, file);
    }),
  );
  app.get('/admin/agent-photo/:agentId', (req, reply) =>
    answer(req, reply, async (ctx) => {
      const { user } = signedIn(ctx, req);
      const parsed = agentParams.safeParse(req.params);
      const file =
        user.role === 'admin' && parsed.success
          ? await agentPhotoFile(ctx.db, ctx.env.DATA_DIR, parsed.data.agentId)
          : null;
      return sendPhoto(reply, file);
    }),
  );
  app.get('/badge-photo/:checkId', (req, reply) =>
    answer(req, reply, async (ctx) => {
      const parsed = params.safeParse(req.params);
      const file = parsed.success
        ? await photoForCheck(ctx.db, ctx.env.DATA_DIR, parsed.data.checkId, ctx.now())
        : null;
      return sendPhoto(reply, file);
    }),
  );
}
