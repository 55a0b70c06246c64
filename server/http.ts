import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { pickLocale } from '../shared/errors';
import type { Db } from './db/client';
import type { Env } from './env';
import { findUserBySession } from './modules/auth/auth.repo';
import { hashSessionToken, SESSION_COOKIE } from './modules/auth/session-token';
import type { Context } from './trpc/context';
import { type AppRouter, appRouter } from './trpc/root';

export interface HttpDeps {
  db: Db;
  dbKind: string;
  env: Env;
  log: Logger;
  sessionSecret: string;
  /** Built client (vite build output); served when present. */
  clientDir?: string;
}

const defaultClientDir = fileURLToPath(new URL('../dist/client', import.meta.url));

async function resolveUser(deps: HttpDeps, req: FastifyRequest) {
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return null;
  const tokenHash = hashSessionToken(token, deps.sessionSecret);
  const user = await findUserBySession(deps.db, tokenHash, new Date());
  return user ? { ...user, sessionTokenHash: tokenHash } : null;
}

/**
 * TRUST_PROXY as Fastify takes it. Trusting every hop would let any client pick its own address with an
 * X-Forwarded-For header and so step around the per-address limits on sign-in and on link guessing.
 */
export function trustProxySetting(value: string): boolean | string | ((address: string, hop: number) => boolean) {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value;
}

/** The Fastify app: tRPC at /trpc, GET /healthz, the built client with SPA fallback. */
export async function buildHttpServer(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: trustProxySetting(deps.env.TRUST_PROXY),
    bodyLimit: 5 * 1024 * 1024,
  });
  await app.register(fastifyCookie);
  const secure = deps.env.NODE_ENV === 'production';

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req, res }): Promise<Context> => {
        const user = await resolveUser(deps, req);
        const header = req.headers['x-doorstep-locale'];
        return {
          db: deps.db,
          env: deps.env,
          log: req.log as unknown as Logger,
          user,
          locale: pickLocale(
            (typeof header === 'string' ? header : null) ?? user?.locale ?? req.headers['accept-language'],
          ),
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? '',
          sessionSecret: deps.sessionSecret,
          now: () => new Date(),
          cookies: {
            set: (name, value, maxAge) =>
              res.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge }),
            clear: (name) => res.clearCookie(name, { path: '/' }),
          },
        };
      },
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') deps.log.error({ err: error, path }, 'tRPC internal error');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      await deps.db.execute(sql`select 1`);
      return { status: 'ok', database: deps.dbKind };
    } catch (err) {
      deps.log.error({ err }, 'health check failed');
      return reply.code(503).send({ status: 'error', database: deps.dbKind });
    }
  });

  const clientDir = deps.clientDir ?? defaultClientDir;
  if (existsSync(clientDir)) {
    await app.register(fastifyStatic, { root: clientDir, wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc') && req.headers.accept?.includes('text/html')) {
        return reply.sendFile('index.html');
      }
      return reply.code(404).send({ error: 'Not found' });
    });
  } else {
    deps.log.warn({ clientDir }, 'client build not found; run `npm run build` to serve the web app');
  }
  return app;
}
