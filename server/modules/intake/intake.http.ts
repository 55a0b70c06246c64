/**
 * The machine API (SPEC §8.3, docs/import/api.md): POST /api/v1/cases/import takes a lender's file as the raw
 * body and answers the import summary; GET /api/v1/imports/:runId answers a run's status. Bearer service tokens
 * only: the session cookie is never read here, so another site cannot make a signed-in browser import.
 * Errors are JSON {code, message} in the Accept-Language's language, with the status the code maps to.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError, type Locale } from '../../../shared/errors';
import { storableText, unsafeCharIn } from '../../../shared/text';
import type { Db } from '../../db/client';
import type { Env } from '../../env';
import { httpErrorResponse } from '../../trpc/error-conversion';
import {
  type AdmittedImport,
  admitBearer,
  apiRunStatus,
  countImport,
  importViaApi,
  readImportQuery,
  teamForImport,
} from './api.service';
import { MAX_IMPORT_BYTES } from './intake.parse';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The body types taken, and what the parser is told (''  = guess from the bytes). */
const BODY_TYPES: Record<string, string> = {
  'text/csv': 'text/csv',
  'application/csv': 'text/csv',
  [XLSX_TYPE]: XLSX_TYPE,
  'application/octet-stream': '',
};
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const mediaType = (req: FastifyRequest) =>
  (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** X-File-Name as sent (percent-encoded UTF-8 allowed, since headers are Latin-1), else a name for the type. */
function fileNameOf(req: FastifyRequest, type: string): string {
  const raw = req.headers['x-file-name'];
  const given = typeof raw === 'string' ? raw.trim() : '';
  let name = given;
  try {
    name = decodeURIComponent(given);
  } catch {
    // Not percent-encoded: kept as sent.
  }
  // A name is shown and stored: no path, and nothing the database refuses (NUL, a lone surrogate).
  name = storableText(name).replace(/[/\\]/g, '_').slice(0, 200);
  if (unsafeCharIn(name, { multiline: false })) name = '';
  return name || (type === XLSX_TYPE ? 'api-upload.xlsx' : 'api-upload.csv');
}

export function registerIntakeApiRoutes(
  app: FastifyInstance,
  deps: {
    db: Db;
    /** The server's configuration: the geocoder, the default zone, how live events go out. */
    env: Env;
    now: () => Date;
    askedLocale: (req: FastifyRequest) => Locale;
  },
) {
  const admitted = new WeakMap<FastifyRequest, AdmittedImport>();

  const fail = (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
    const res = httpErrorResponse(err, deps.askedLocale(req));
    if (res.retryAfter !== null) reply.header('retry-after', String(res.retryAfter));
    return reply.code(res.status).header('cache-control', 'no-store').send(res.body.error);
  };

  // Its own plugin scope: the raw body parsers and the error handler apply to these routes only.
  app.register(async (api) => {
    for (const type of Object.keys(BODY_TYPES)) {
      api.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) =>
        done(null, body),
      );
    }
    // The parser's refusals (too big, a type nobody parses) as the API's own errors.
    api.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return fail(req, reply, new AppError('API_FILE_TOO_LARGE', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 }));
      }
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return fail(req, reply, new AppError('API_UNSUPPORTED_MEDIA_TYPE', { contentType: mediaType(req) }));
      }
      try {
        return fail(req, reply, err);
      } catch {
        req.log.error({ err }, 'machine API error');
        return reply.code(500).send({ code: 'INTERNAL_ERROR', message: 'Internal error' });
      }
    });

    api.post(
      '/api/v1/cases/import',
      {
        // Everything that needs no body is decided before the body is read: a caller without a valid token
        // cannot make the server take in 64 MiB.
        onRequest: async (req, reply) => {
          try {
            const now = deps.now();
            const token = await admitBearer(deps.db, now, { authorization: req.headers.authorization, ip: req.ip });
            const query = readImportQuery(req.query as Record<string, unknown>);
            const teamId = await teamForImport(deps.db, token, query.teamCode);
            const type = mediaType(req);
            if (!Object.hasOwn(BODY_TYPES, type))
              throw new AppError('API_UNSUPPORTED_MEDIA_TYPE', { contentType: type });
            if (Number(req.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES) {
              throw new AppError('API_FILE_TOO_LARGE', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });
            }
            await countImport(deps.db, now, token);
            admitted.set(req, { token, teamId, query });
          } catch (err) {
            return fail(req, reply, err);
          }
        },
      },
      async (req, reply) => {
        const ok = admitted.get(req);
        if (!ok) throw new AppError('API_TOKEN_INVALID');
        const key = req.headers['idempotency-key'];
        if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
          throw new AppError('API_PARAMETER_NOT_TEXT', { parameter: 'Idempotency-Key', max: 200 });
        }
        const type = mediaType(req);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const locale = deps.askedLocale(req);
        const answer = await importViaApi(
          {
            db: deps.db,
            log: req.log as unknown as Logger,
            locale,
            now: deps.now,
            actor: { userId: null, tokenId: ok.token.id },
            geocoderUrl: deps.env.GEOCODER_URL ?? null,
            env: deps.env,
          },
          ok,
          { bytes: body, fileName: fileNameOf(req, type), contentType: BODY_TYPES[type] ?? '' },
          key ?? null,
        );
        return reply.header('cache-control', 'no-store').send(answer);
      },
    );

    api.get('/api/v1/imports/:runId', async (req, reply) => {
      const token = await admitBearer(deps.db, deps.now(), { authorization: req.headers.authorization, ip: req.ip });
      const { runId } = req.params as { runId: string };
      const status = await apiRunStatus(deps.db, deps.askedLocale(req), token, runId);
      return reply.header('cache-control', 'no-store').send(status);
    });
  });
}
