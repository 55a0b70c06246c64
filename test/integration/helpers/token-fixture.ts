/**
 * Two teams (SH1, BJ2), an admin and a dispatcher, for the service-token and machine-API tests: the admin creates
 * tokens through the real router, the API is called through the real HTTP app.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { createCaller } from '../../../server/trpc/root';
import type { Locale } from '../../../shared/errors';
import { createTestDb, makeContext } from './db';
import { fixtureUser, insertTeams, sessionOf } from './fixture-team';
import { httpApp } from './http-app';

let keys = 0;
/** A fresh idempotency key. */
export const tokenKey = (label: string) => `${label}-${randomUUID()}-${++keys}`;

export function setUpTokenFixture(opts: { http?: boolean } = {}) {
  const fx = {} as {
    handle: DbHandle;
    app: FastifyInstance;
    teams: { sh1: string; bj2: string };
    admin: ReturnType<typeof fixtureUser>;
    dispatcher: ReturnType<typeof fixtureUser>;
    asAdmin: (locale?: Locale, now?: Date) => ReturnType<typeof createCaller>;
    asDispatcher: () => ReturnType<typeof createCaller>;
    /** A new token for the teams (SH1 by default), its secret and id. */
    newToken: (teamIds?: string[], days?: number, now?: Date) => Promise<{ id: string; token: string }>;
  };
  beforeAll(async () => {
    fx.handle = await createTestDb();
    fx.teams = { sh1: randomUUID(), bj2: randomUUID() };
    await insertTeams(fx.handle.db, [
      { id: fx.teams.sh1, name: 'Shanghai One', code: 'SH1', city: 'Shanghai' },
      { id: fx.teams.bj2, name: 'Beijing Two', code: 'BJ2', city: 'Beijing' },
    ]);
    fx.admin = fixtureUser('token.admin', 'admin');
    fx.dispatcher = fixtureUser('token.dispatcher', 'dispatcher');
    await fx.handle.db.insert(s.users).values([fx.admin, fx.dispatcher]);
    await fx.handle.db.insert(s.userTeams).values({ userId: fx.dispatcher.id, teamId: fx.teams.sh1 });
    fx.asAdmin = (locale = 'en', now) => createCaller(makeContext(fx.handle, sessionOf(fx.admin, []), { locale, now }));
    fx.asDispatcher = () => createCaller(makeContext(fx.handle, sessionOf(fx.dispatcher, [fx.teams.sh1])));
    fx.newToken = async (teamIds = [fx.teams.sh1], days = 30, now) => {
      const created = await fx
        .asAdmin('en', now)
        .tokens.create({ idempotencyKey: tokenKey('token'), name: 'nightly sync', teamIds, expiresInDays: days });
      if (!created.token) throw new Error('a new token came back without its secret');
      return { id: created.id, token: created.token };
    };
    if (opts.http) fx.app = await httpApp(fx.handle);
  }, 120_000);
  afterAll(async () => {
    await fx.app?.close();
    await fx.handle?.close();
  });
  return fx;
}
