import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../shared/errors';
import { exportInput } from '../../../shared/schemas/oversight';
import { inputRefusal } from '../../../shared/validation-messages';
import { contentDisposition } from '../../security/content-disposition';
import { answerHttp, type HttpRouteDeps } from '../../security/http-route';
import { signedIn } from '../../security/signed-in';
import { exportFile } from './reports.export';
import { OVERSIGHT_ROLES } from './reports.service';

/** The export's query string (flat, as a link carries it) in the shape of the table's input. */
function exportQuery(q: Record<string, string | undefined>) {
  return {
    filter: { from: q.from, to: q.to, teamId: q.teamId, crewId: q.crewId, agentId: q.agentId },
    drill: q.drill,
    date: q.date,
    outcome: q.outcome,
    status: q.status,
    search: q.search,
    sort: q.sort,
    desc: q.desc === undefined ? undefined : q.desc === '1',
    format: q.format,
  };
}

/**
 * GET /reports/export?from&to[&teamId&crewId&agentId&drill&date&outcome&status&search&sort&desc=1|0&lang]&format=csv|xlsx:
 * the visits table as filtered, streamed as a file (rows read a batch at a time, the next batch once the last
 * was written), to a signed-in manager, dispatcher or admin, for their teams only, with the borrower's phone
 * and ID number masked. A plain GET, so the browser downloads it from a link and nothing is held in memory.
 */
export function registerReportRoutes(app: FastifyInstance, http: HttpRouteDeps) {
  app.get('/reports/export', (req, reply) =>
    answerHttp(http, req, reply, async (ctx) => {
      const authed = signedIn(ctx, req);
      if (!(OVERSIGHT_ROLES as readonly string[]).includes(authed.user.role)) throw new AppError('FORBIDDEN');
      // The link names the language on screen (`lang`): the context's locale already follows it (http.ts).
      const query = exportQuery(req.query as Record<string, string | undefined>);
      const parsed = exportInput.safeParse(query);
      if (!parsed.success) {
        // As a procedure answers bad input: 400 with the message and each field named, in the reader's language.
        const refusal = inputRefusal(parsed.error, ctx.locale, query);
        return reply
          .code(400)
          .header('cache-control', 'no-store')
          .send({ error: { code: 'VALIDATION', message: refusal.message, fieldErrors: refusal.fieldErrors } });
      }
      const file = await exportFile(authed, parsed.data);
      return reply
        .header('content-type', file.mimeType)
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.body);
    }),
  );
}
