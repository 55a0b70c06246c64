import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { pickLocale } from '../shared/errors';
import { MAX_BATCH_URL_LENGTH } from '../shared/http-limits';
import { registerClientApp } from './client-app';
import type { Db } from './db/client';
import type { Env } from './env';
import { type SessionResolver, sessionResolver } from './modules/auth/session-cache';
import { hashSessionToken, SESSION_COOKIE } from './modules/auth/session-token';
import { registerCalendarRoutes } from './modules/calendar/calendar.http';
import { registerEvidenceRoutes } from './modules/evidence/evidence.http';
import { registerPhotoRoutes } from './modules/field/photo.http';
import { registerIntakeApiRoutes } from './modules/intake/intake.http';
import { registerImportRoutes } from './modules/intake/uploads.http';
import { jobsFor } from './modules/jobs/queue';
import { registerReceiptRoutes } from './modules/messages/receipts.http';
import { registerReportRoutes } from './modules/reports/reports.http';
import { RequestLogPolicy } from './ops/log';
import { registerOpsRoutes } from './ops/ops.http';
import type { WarmUpStatus } from './ops/readiness';
import { requestIdGenerator } from './ops/request-id';
import { registerRequestHooks } from './ops/requests.http';
import { compileTrustProxy } from './ops/trust-proxy';
import { cameOverHttps, registerSecurityHeaders } from './security/headers';
import type { Context } from './trpc/context';
import { contextError, retryAfterSeconds } from './trpc/error-conversion';
import { type TrpcFastifyOptions, trpcFastifyPlugin } from './trpc/fastify-adapter';
import { type AppRouter, appRouter } from './trpc/root';

export interface HttpDeps {
  db: Db;
  /** The reports' own pool (DbHandle.reportsDb); db when absent (a test app on one PGlite). */
  reportsDb?: Db;
  dbKind: string;
  env: Env;
  log: Logger;
  sessionSecret: string;
  /** Built client (vite build output); served when present. */
  clientDir?: string;
  /**
   * The server's clock: every request's ctx.now() and the session check read it. The wall clock by default; a
   * test passes its own so that "now" is a given instant instead of a patched global Date.
   */
  now?: () => Date;
  /** This process works the job queue (main.ts): readiness includes it. */
  worksJobs?: boolean;
  /** This process warms its database connections at start (main.ts): not ready until that has ended. */
  warmUp?: WarmUpStatus;
}

const defaultClientDir = fileURLToPath(new URL('../dist/client', import.meta.url));

/**
 * The language the app names for this request: its header, or `?lang` on a link the browser follows by itself (a
 * download), which can carry no header. Null when the app named none.
 */
function appLanguage(req: FastifyRequest): string | null {
  const header = req.headers['x-doorstep-locale'];
  if (typeof header === 'string') return header;
  const lang = (req.query as Record<string, unknown> | undefined)?.lang;
  return typeof lang === 'string' ? lang : null;
}

/** The language the request asks for (the app's, else the browser's), before the user is known. */
export function askedLocale(req: FastifyRequest) {
  return pickLocale(appLanguage(req) ?? req.headers['accept-language']);
}

async function resolveUser(deps: HttpDeps, sessions: SessionResolver, req: FastifyRequest, now: Date) {
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return null;
  const tokenHash = hashSessionToken(token, deps.sessionSecret);
  const user = await sessions.userOf(tokenHash, now);
  return user ? { ...user, sessionTokenHash: tokenHash } : null;
}

/** The Fastify app: tRPC at /trpc, the probes and metrics (ops/), the built client with SPA fallback. */
export async function buildHttpServer(deps: HttpDeps): Promise<FastifyInstance> {
  const clock = deps.now ?? (() => new Date());
  const trust = compileTrustProxy(deps.env.TRUST_PROXY);
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: deps.env.TRUST_PROXY === 'false' ? false : trust,
    genReqId: requestIdGenerator(trust),
    // One line per request at the level the log policy gives it, not two at info.
    logController: new RequestLogPolicy(),
    bodyLimit: 5 * 1024 * 1024,
    // tRPC's batch puts its procedure list in one path parameter; the client keeps the URL within this.
    maxParamLength: MAX_BATCH_URL_LENGTH,
  });
  registerRequestHooks(app);
  // Each request's session: read from the database, or kept a few seconds per process on PostgreSQL (session-cache.ts).
  const sessions = sessionResolver({ db: deps.db, env: deps.env, log: deps.log });
  app.addHook('onClose', async () => sessions.close());
  const pageNonce = registerSecurityHeaders(app, { tileUrl: deps.env.TILE_URL });
  await app.register(fastifyCookie);
  // Secure over HTTPS (directly or via a trusted proxy); in production always, so that a session cookie is
  // never sent in clear even when the proxy in front is not configured as trusted.
  const secureCookie = (req: FastifyRequest) => deps.env.NODE_ENV === 'production' || cameOverHttps(req);

  // The one way a request becomes a Context (tRPC procedures and the evidence route alike). A lost database
  // while resolving the session is thrown as it is; each caller converts it.
  const contextFor = async (req: FastifyRequest, res: FastifyReply): Promise<Context> => {
    const user = await resolveUser(deps, sessions, req, clock());
    return {
      db: deps.db,
      reportsDb: deps.reportsDb ?? deps.db,
      env: deps.env,
      log: req.log as unknown as Logger,
      user,
      locale: pickLocale(appLanguage(req) ?? user?.locale ?? req.headers['accept-language']),
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? '',
      sessionSecret: deps.sessionSecret,
      now: clock,
      jobs: jobsFor(deps.db),
      origin: `${req.protocol}://${req.host}`,
      cookies: {
        set: (name, value, maxAge) =>
          res.setCookie(name, value, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure: secureCookie(req),
            maxAge,
          }),
        clear: (name) => res.clearCookie(name, { path: '/' }),
      },
    };
  };

  const trpcOptions = {
    router: appRouter,
    createContext: ({ req, res }) =>
      contextFor(req, res).catch((err: unknown) => {
        throw contextError(err, askedLocale(req));
      }),
    // On the request's logger, so the line carries its request id.
    onError: ({ error, path, req }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error, path }, 'tRPC internal error');
      if (error.code === 'SERVICE_UNAVAILABLE') req.log.warn({ path, reason: error.message }, 'tRPC unavailable');
    },
    // A 503 or 429 says when to come back, so clients and proxies retry instead of giving up or hammering.
    responseMeta: ({ errors }) => {
      const wait = retryAfterSeconds(errors);
      return wait === null ? {} : { headers: { 'retry-after': String(wait) } };
    },
  } satisfies TrpcFastifyOptions<AppRouter>;
  // tRPC at /trpc, its requests and whole JSON answers without the Fetch conversions (trpc/fastify-adapter.ts).
  await app.register(trpcFastifyPlugin, { prefix: '/trpc', trpcOptions });

  registerEvidenceRoutes(app, { contextFor, askedLocale });
  registerPhotoRoutes(app, { contextFor, askedLocale });
  registerReportRoutes(app, { contextFor, askedLocale });
  await registerImportRoutes(app, { contextFor, askedLocale });
  registerIntakeApiRoutes(app, { db: deps.db, env: deps.env, now: clock, askedLocale });
  registerCalendarRoutes(app, { db: deps.db, fallbackZone: deps.env.TZ_DEFAULT, now: clock, askedLocale });
  registerReceiptRoutes(app, { db: deps.db, env: deps.env, now: clock, askedLocale });

  registerOpsRoutes(app, {
    db: deps.db,
    dbKind: deps.dbKind,
    worksJobs: deps.worksJobs ?? false,
    warmUp: deps.warmUp,
  });

  await registerClientApp(app, deps.clientDir ?? defaultClientDir, deps.log, pageNonce);
  return app;
}
