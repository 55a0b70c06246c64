/**
 * GET /cal/<token>.ics: an agent's visits as iCalendar for calendar apps (SPEC §8.5). The address is the
 * credential: no cookie is read, and every refusal is the same 404 whatever was wrong with the token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Locale } from '../../../shared/errors';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/client';
import { sendHttpError } from '../../security/http-route';
import { FEED_MAX_AGE_SECONDS, serveFeed } from './calendar.feed';

export function registerCalendarRoutes(
  app: FastifyInstance,
  deps: { db: Db; fallbackZone: string; now: () => Date; askedLocale: (req: FastifyRequest) => Locale },
) {
  app.get<{ Params: { file: string } }>('/cal/:file', async (req, reply) => {
    try {
      const file = req.params.file;
      if (!file.endsWith('.ics')) throw new AppError('CALENDAR_FEED_NOT_FOUND');
      const feed = await serveFeed(
        deps.db,
        { fallbackZone: deps.fallbackZone },
        { token: file.slice(0, -'.ics'.length), ip: req.ip, now: deps.now() },
      );
      reply
        .header('cache-control', `private, max-age=${FEED_MAX_AGE_SECONDS}`)
        .header('etag', feed.etag)
        // The address is a secret: it must not leak onward as a referrer or into a search index.
        .header('x-robots-tag', 'noindex')
        .header('referrer-policy', 'no-referrer');
      if (req.headers['if-none-match'] === feed.etag) return reply.code(304).send();
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="doorstep.ics"')
        .send(feed.body);
    } catch (err) {
      return sendHttpError(reply, err, deps.askedLocale(req));
    }
  });
}
