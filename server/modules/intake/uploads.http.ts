import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { id, text } from '../../../shared/schemas/blocks';
import { contentDisposition } from '../../security/content-disposition';
import { answerHttp, type HttpRouteDeps, sendHttpError } from '../../security/http-route';
import { signedIn } from '../../security/signed-in';
import type { Context } from '../../trpc/context';
import { receiveUpload, rejectedRowsFile } from './intake.browser';
import { MAX_IMPORT_BYTES } from './intake.parse';

const uploadQuery = z.object({ team: id });
const runParams = z.object({ runId: id });

/** The file's name as the browser gave it; a name unsafe to keep (control characters, too long) is not worth refusing the file for. */
const fileName = text({ min: 1, max: 200 }).catch('upload');
/** The source name is the key of a saved mapping: blank or unusable means none. */
const sourceName = text({ max: 100 }).catch('');

/**
 * The browser's import files (SPEC §8.3), on the session like the tRPC procedures:
 * - POST /api/v1/imports/uploads?team=<id>&name=<file name>[&source=<name>] with the file as the raw body (a CSV or
 *   XLSX type, at most MAX_IMPORT_BYTES): kept for a day, read, and answered with the header, the first rows and
 *   the mapping to offer. A form another site posts cannot send it: those types need a CORS preflight, and a
 *   request the browser marks cross-site is refused (signedIn).
 * - GET /api/v1/imports/:runId/rejected.csv: a run's rejected rows with their reasons in the reader's language.
 */
export async function registerImportRoutes(app: FastifyInstance, http: HttpRouteDeps) {
  const answer = (req: FastifyRequest, reply: FastifyReply, work: (ctx: Context) => Promise<unknown>) =>
    answerHttp(http, req, reply, work);

  await app.register(async (scope) => {
    // The body is the file as it is, whatever type the browser called it; receiveUpload decides what it accepts.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const tooLarge = new AppError('IMPORT_FILE_TOO_LARGE', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });
        return sendHttpError(reply, tooLarge, http.askedLocale(req));
      }
      throw err;
    });
    scope.post('/api/v1/imports/uploads', (req, reply) =>
      answer(req, reply, async (ctx) => {
        const authed = signedIn(ctx, req);
        const query = req.query as Record<string, unknown>;
        const parsed = uploadQuery.safeParse(query);
        if (!parsed.success) throw new AppError('NOT_FOUND', { entity: 'team' });
        const result = await receiveUpload(authed, {
          teamId: parsed.data.team,
          fileName: fileName.parse(query.name),
          contentType: String(req.headers['content-type'] ?? ''),
          bytes: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          source: sourceName.parse(query.source) || null,
        });
        return reply.header('cache-control', 'no-store').send(result);
      }),
    );
  });

  app.get('/api/v1/imports/:runId/rejected.csv', (req, reply) =>
    answer(req, reply, async (ctx) => {
      const authed = signedIn(ctx, req);
      const parsed = runParams.safeParse(req.params);
      if (!parsed.success) throw new AppError('IMPORT_RUN_NOT_FOUND');
      const file = await rejectedRowsFile(authed, parsed.data.runId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.body);
    }),
  );
}
