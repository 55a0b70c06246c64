/**
 * POST /api/v1/sms/receipts: the SMS gateway's delivery receipts (docs/messages.md). No session: the caller is
 * the gateway, proven by the signature over the raw body under SMS_GATEWAY_SECRET. Errors are JSON {code,
 * message} with the status the code maps to (401 unsigned or stale, 400 a bad field, 404 unknown message, 409
 * replayed).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError, type Locale } from '../../../shared/errors';
import type { Db } from '../../db/client';
import type { Env } from '../../env';
import { httpErrorResponse } from '../../trpc/error-conversion';
import { parseReceipt, recordReceipt } from './receipts.service';
import { checkSignature, MAX_SIGNATURE_AGE_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sms-gateway';

/** A receipt is a few hundred bytes; anything much larger is not one. */
const MAX_RECEIPT_BYTES = 16 * 1024;

export function registerReceiptRoutes(
  app: FastifyInstance,
  deps: { db: Db; env: Env; now: () => Date; askedLocale: (req: FastifyRequest) => Locale },
) {
  const fail = (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
    const res = httpErrorResponse(err, deps.askedLocale(req));
    return reply.code(res.status).header('cache-control', 'no-store').send(res.body.error);
  };

  // Its own plugin scope: the raw-text JSON parser (the signature covers the bytes as sent) applies here only.
  app.register(async (api) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_RECEIPT_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    api.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        return fail(req, reply, new AppError('SMS_RECEIPT_INVALID', { field: 'body' }));
      }
      try {
        return fail(req, reply, err);
      } catch {
        req.log.error({ err }, 'SMS receipt error');
        return reply.code(500).send({ code: 'INTERNAL_ERROR', message: 'Internal error' });
      }
    });

    api.post('/api/v1/sms/receipts', async (req, reply) => {
      const secret = deps.env.SMS_GATEWAY_SECRET;
      if (!secret) throw new AppError('SMS_RECEIPTS_NOT_CONFIGURED');
      const body = typeof req.body === 'string' ? req.body : '';
      const check = checkSignature(
        secret,
        body,
        { timestamp: req.headers[TIMESTAMP_HEADER], signature: req.headers[SIGNATURE_HEADER] },
        deps.now(),
      );
      if (check === 'bad') throw new AppError('SMS_RECEIPT_SIGNATURE_INVALID');
      if (check === 'stale') throw new AppError('SMS_RECEIPT_STALE', { maxSeconds: MAX_SIGNATURE_AGE_SECONDS });
      const receipt = parseReceipt(body);
      const result = await recordReceipt({ db: deps.db, log: req.log as unknown as Logger, now: deps.now }, receipt);
      return reply.header('cache-control', 'no-store').send({ recorded: true, status: result.status });
    });
  });
}
