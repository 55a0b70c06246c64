import { initTRPC, TRPCError } from '@trpc/server';
import { resolveResponse, type TRPCRequestInfo } from '@trpc/server/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import type { Context, SessionUser } from '../../server/trpc/context';
import { answerJsonCalls, type JsonCallRequest } from '../../server/trpc/json-answer';
import { appRouter } from '../../server/trpc/root';
import { createTestDb, makeContext } from './helpers/db';
import { seedDemoUsers, TODAY } from './helpers/demo';
import { httpApp } from './helpers/http-app';

/**
 * The adapter answers a GET or JSON POST of queries and mutations itself (server/trpc/json-answer.ts) instead of
 * through tRPC's resolveResponse: each request here goes through both, on the real router with a real database
 * context, and the two answers must be the same — status, headers, body, and what onError and responseMeta saw.
 */

type User = Omit<SessionUser, 'sessionTokenHash'> | null;
interface Case {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  query?: string;
  body?: string;
  headers?: Record<string, string>;
  user?: User;
  /** createContext throws this instead of building a context. */
  contextThrows?: unknown;
}

function plainRequest(c: Case): JsonCallRequest {
  const headers: Record<string, string> = {
    ...(c.method === 'POST' ? { 'content-type': 'application/json' } : {}),
    ...c.headers,
  };
  return {
    method: c.method,
    url: `http://doorstep.test/trpc/${c.path}${c.query ? `?${c.query}` : ''}`,
    headers: {
      get: (name) => headers[name.toLowerCase()] ?? null,
      has: (name) => name.toLowerCase() in headers,
    },
    signal: new AbortController().signal,
    json: async () => JSON.parse(c.body as string),
  };
}

const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

describe('tRPC answers without Fetch objects are resolveResponse’s answers', () => {
  let handle: DbHandle;
  let users: Awaited<ReturnType<typeof seedDemoUsers>>;
  const now = new Date();

  beforeAll(async () => {
    handle = await createTestDb();
    users = await seedDemoUsers(handle);
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  /** One request through one path; what it answered and what the hooks were told. */
  async function through(path: 'ours' | 'trpc', c: Case, router = appRouter as never) {
    const seen: unknown[] = [];
    const opts = {
      router,
      createContext: async (_: { info: TRPCRequestInfo }): Promise<Context> => {
        if (c.contextThrows !== undefined) throw c.contextThrows;
        return makeContext(handle, c.user ?? null, { now });
      },
      onError: (o: { error: TRPCError; path?: string; input: unknown; type: string; req: unknown }) =>
        seen.push(['onError', o.error.code, o.error.message, o.path, o.input, o.type, o.req === c]),
      responseMeta: (o: { paths?: readonly string[]; type: string; errors: TRPCError[]; data: unknown[] }) => {
        seen.push(['meta', o.paths, o.type, o.errors.map((e) => e.code), o.data.length]);
        return o.errors.length ? { headers: { 'retry-after': '5', 'x-case': ['a', 'b'] } } : {};
      },
    };
    const req = plainRequest(c);
    if (path === 'ours') {
      const answer = await answerJsonCalls(opts, req, encodeURIComponent(c.path), c);
      if (!answer) return null;
      return { status: answer.status, headers: answer.headers, body: answer.body, seen };
    }
    const response = await resolveResponse({
      ...opts,
      onError: (o) => opts.onError({ ...o, req: c }),
      req: req as unknown as Request,
      path: encodeURIComponent(c.path),
      error: null,
    } as Parameters<typeof resolveResponse>[0]);
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
      seen,
    };
  }

  async function same(c: Case, router?: never) {
    const ours = await through('ours', c, router);
    const theirs = await through('trpc', c, router);
    expect(ours, c.name).not.toBeNull();
    expect(ours, c.name).toEqual(theirs);
    return ours as NonNullable<typeof ours>;
  }

  it('answers single calls, batches and their refusals as resolveResponse does', async () => {
    const { agent, dispatcher } = users;
    const teamId = dispatcher.teamIds[0] as string;
    const cases: Case[] = [
      { name: 'signed out me', method: 'GET', path: 'auth.me' },
      { name: 'me', method: 'GET', path: 'auth.me', user: dispatcher },
      { name: 'board', method: 'GET', path: 'dispatch.day', query: input({ teamId, date: TODAY }), user: dispatcher },
      { name: 'route', method: 'GET', path: 'field.today', query: input({}), user: agent },
      { name: 'role refused', method: 'GET', path: 'field.today', query: input({}), user: dispatcher },
      { name: 'signed out', method: 'GET', path: 'field.today', query: input({}) },
      { name: 'bad input', method: 'GET', path: 'dispatch.day', query: input({ teamId: 'x' }), user: dispatcher },
      { name: 'input not JSON', method: 'GET', path: 'dispatch.day', query: 'input=%7Bnot', user: dispatcher },
      { name: 'no such procedure', method: 'GET', path: 'nope.nothing', user: dispatcher },
      { name: 'GET of a mutation', method: 'GET', path: 'auth.logout', user: dispatcher },
      { name: 'POST of a query', method: 'POST', path: 'auth.me', body: '{}', user: dispatcher },
      { name: 'mutation refused', method: 'POST', path: 'dispatch.setPinned', body: '{"x":1}', user: dispatcher },
      { name: 'body not JSON', method: 'POST', path: 'dispatch.setPinned', body: '{x', user: dispatcher },
      {
        name: 'batch',
        method: 'GET',
        path: 'auth.me,field.today',
        query: `batch=1&${input({ 1: {} })}`,
        user: agent,
      },
      {
        name: 'batch, one refused (207)',
        method: 'GET',
        path: 'auth.me,field.today,nope.x',
        query: `batch=1&${input({ 1: {} })}`,
        user: dispatcher,
      },
      { name: 'batch input not an object', method: 'GET', path: 'field.today', query: 'batch=1&input=3', user: agent },
      {
        name: 'batch of mutations',
        method: 'POST',
        path: 'dispatch.setPinned,dispatch.setPinned',
        query: 'batch=1',
        body: '{"0":{},"1":{"visitId":"nope"}}',
        user: dispatcher,
      },
      {
        name: 'context lost its database',
        method: 'GET',
        path: 'auth.me',
        contextThrows: new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'DATABASE_UNAVAILABLE' }),
      },
      {
        name: 'context threw',
        method: 'GET',
        path: 'auth.me,auth.me',
        query: 'batch=1',
        contextThrows: new Error('x'),
      },
    ];
    const statuses: Record<string, number> = {};
    for (const c of cases) statuses[c.name] = (await same(c)).status;
    expect(statuses).toEqual({
      'signed out me': 200,
      me: 200,
      board: 200,
      route: 200,
      'role refused': 403,
      'signed out': 401,
      'bad input': 400,
      'input not JSON': 400,
      'no such procedure': 404,
      'GET of a mutation': 405,
      'POST of a query': 405,
      'mutation refused': 400,
      'body not JSON': 400,
      batch: 200,
      'batch, one refused (207)': 207,
      'batch input not an object': 400,
      'batch of mutations': 400,
      'context lost its database': 503,
      'context threw': 500,
    });
  });

  it('leaves subscriptions, jsonl batch streams and unreadable requests to resolveResponse', async () => {
    const { dispatcher } = users;
    const teamId = dispatcher.teamIds[0] as string;
    const sub: Case = { name: 'sub', method: 'GET', path: 'live.team', query: input({ teamId }), user: dispatcher };
    expect(await through('ours', sub)).toBeNull();
    const jsonl: Case = {
      name: 'jsonl',
      method: 'GET',
      path: 'auth.me',
      query: 'batch=1',
      headers: { 'trpc-accept': 'application/jsonl' },
      user: dispatcher,
    };
    expect(await through('ours', jsonl)).toBeNull();
    // A request tRPC cannot read at all (a content type it has no parser for) is resolveResponse's to refuse.
    const odd: Case = { name: 'odd', method: 'POST', path: 'auth.logout', headers: { 'content-type': 'text/csv' } };
    expect(await through('ours', odd)).toBeNull();
  });

  it('refuses data tRPC would stream, and a thrown non-tRPC error, as resolveResponse does', async () => {
    const t = initTRPC.create({ isDev: false });
    const router = t.router({
      stream: t.procedure.query(async function* () {
        yield 1;
      }),
      promised: t.procedure.query(() => ({ later: Promise.resolve(1) })),
      boom: t.procedure.query(() => {
        throw new Error('boom');
      }),
      teapot: t.procedure.query(() => {
        throw new TRPCError({ code: 'CONFLICT', message: 'taken' });
      }),
      ok: t.procedure.query(() => ({ at: new Date(0), n: 1 })),
    }) as never;
    const get = (path: string, query?: string): Case => ({
      name: path,
      method: 'GET',
      path,
      ...(query ? { query } : {}),
    });
    expect((await same(get('stream'), router)).status).toBe(415);
    expect((await same(get('promised'), router)).status).toBe(415);
    expect((await same(get('stream,ok', 'batch=1'), router)).status).toBe(207);
    expect((await same(get('boom'), router)).status).toBe(500);
    expect((await same(get('teapot'), router)).status).toBe(409);
    expect((await same(get('ok'), router)).body).toBe('{"result":{"data":{"at":"1970-01-01T00:00:00.000Z","n":1}}}');
  });

  it('sends such an answer through the HTTP app with the headers tRPC names, as one piece with its length', async () => {
    const app = await httpApp(handle);
    try {
      const res = await app.inject({ method: 'GET', url: '/trpc/auth.me,nope.x?batch=1' });
      expect(res.statusCode).toBe(207);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers.vary).toBe('trpc-accept, accept');
      expect(res.headers['transfer-encoding']).toBeUndefined();
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
      expect(res.json()).toMatchObject([{ result: { data: null } }, { error: { data: { code: 'NOT_FOUND' } } }]);
    } finally {
      await app.close();
    }
  });
});
