import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { DbHandle } from '../../../server/db/client';
import type { Env } from '../../../server/env';
import { buildHttpServer } from '../../../server/http';
import type { WarmUpStatus } from '../../../server/ops/readiness';
import { DEMO_PASSWORD } from '../../../shared/demo';
import { testEnv } from './db';

/** The session secret of httpApp, for a test that writes a session row itself. */
export const HTTP_APP_SECRET = 'http-app-test-secret-0123456789';

/**
 * The real HTTP app on a test database (silent log); `clientDir` when a test serves a built client, `env` when
 * it stores files (its own DATA_DIR), `warmUp` when its /readyz waits for a warm-up.
 */
export function httpApp(
  handle: DbHandle,
  opts: { clientDir?: string; env?: Env; warmUp?: WarmUpStatus } = {},
): Promise<FastifyInstance> {
  return buildHttpServer({
    db: handle.db,
    dbKind: handle.kind,
    env: opts.env ?? testEnv,
    log: pino({ level: 'silent' }),
    sessionSecret: HTTP_APP_SECRET,
    clientDir: opts.clientDir ?? '/nonexistent',
    ...(opts.warmUp ? { warmUp: opts.warmUp } : {}),
  });
}

/** Signs in through /trpc/auth.login; the answer and the session cookie to send back. */
export async function signInOver(app: FastifyInstance, username: string, password = DEMO_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/trpc/auth.login', payload: { username, password } });
  return { res, cookie: String(res.headers['set-cookie']).split(';')[0] as string };
}
