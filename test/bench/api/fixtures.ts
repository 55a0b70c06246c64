/**
 * Who the load benchmark signs in as and what it asks for. Every role signs in once per user through the real
 * auth.login and reuses the cookie (sign-in is rate-limited; the API is not). Many distinct users spread the load
 * as a lender's day does: every team's dispatcher on their board, the crews with a route today on theirs, the
 * managers and the admin on the reports. The inputs come from the API's own answers (boards, routes, worklists),
 * so each request is one a real client could send; writes carry fresh idempotency keys.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { lenderLogins } from '../../../server/db/seed';
import { addDays } from '../../../shared/time';

/** One request as autocannon sends it, and what to do with the answer (mutations track versions). */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  done?: (status: number, body: string) => void;
}

/** Makes the next request of one procedure, rotating over users and inputs. */
export type Source = () => RequestSpec;

interface Session {
  username: string;
  cookie: string;
  teamIds: string[];
}

const get = (proc: string, cookie: string, input: unknown): RequestSpec => ({
  method: 'GET',
  path: `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`,
  headers: { cookie },
});

const post = (proc: string, cookie: string, input: unknown, done?: RequestSpec['done']): RequestSpec => ({
  method: 'POST',
  path: `/trpc/${proc}`,
  headers: { cookie, 'content-type': 'application/json' },
  body: JSON.stringify(input),
  done,
});

async function call(base: string, spec: RequestSpec): Promise<unknown> {
  const res = await fetch(base + spec.path, { method: spec.method, headers: spec.headers, body: spec.body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${spec.method} ${spec.path.slice(0, 80)}: ${res.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result: { data: unknown } }).result.data;
}

async function signIn(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: lenderLogins().password }),
  });
  const cookie = /doorstep_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!res.ok || !cookie) throw new Error(`sign-in as ${username}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  const me = (JSON.parse(await res.text()) as { result: { data: { teamIds: string[] } } }).result.data;
  return { username, cookie, teamIds: me.teamIds };
}

/** Runs `fn` over `items` with at most `limit` at once (sign-in hashes passwords: not all at once). */
async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  return out;
}

/** The users to sign in as: the database knows which agents have a route today in the teams' own zones. */
async function pickUsers(databaseUrl: string, agents: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const names = async (sql: string, params: unknown[] = []) =>
      (await client.query<{ username: string }>(sql, params)).rows.map((r) => r.username);
    return {
      dispatchers: await names(
        `select u.username from users u where u.role = 'dispatcher' and u.active and not u.must_change_password
          and exists (select 1 from user_teams ut where ut.user_id = u.id) order by u.username`,
      ),
      managers: await names(
        `select username from users where role in ('manager', 'admin') and active and not must_change_password
          order by username`,
      ),
      agents: await names(
        `select u.username from users u join agents a on a.user_id = u.id left join policy_settings p on p.team_id = a.team_id
          join visits v on v.agent_id = a.id
            and v.visit_date = (now() at time zone coalesce(p.time_zone, 'Asia/Shanghai'))::date
          where u.active and not u.must_change_password and v.status in ('assigned', 'en_route')
          group by u.username order by count(*) desc, u.username limit $1`,
        [agents],
      ),
    };
  } finally {
    await client.end();
  }
}

const cycle = <T>(items: readonly T[]) => {
  if (items.length === 0) throw new Error('nothing to rotate over: the database has no such data for today');
  let i = 0;
  return () => items[i++ % items.length] as T;
};

interface Board {
  date: string;
  visits: { id: string; version: number; pinned: boolean; crewId: string | null }[];
}
interface Route {
  stops: { id: string; status: string; version: number }[];
}
interface WorklistPage {
  rows: { id: string; loanRef: string; borrowerName: string }[];
}

/** A visit a write is about, handed to one request at a time so that two never race on its version. */
interface Held {
  cookie: string;
  visitId: string;
  version: number;
  pinned: boolean;
}

function pool(items: Held[]) {
  const free = [...items];
  return {
    take: () => free.shift() ?? items[0],
    give: (h: Held) => free.push(h),
  };
}

/**
 * Every dispatcher's board keeps its live stream open while they work (live-board.tsx subscribes to `live.board` for
 * the teams shown), so the load runs with one stream per dispatcher through the balancer, as a lender's day does:
 * the app's audit watch runs (a board's live position is then read from memory, not by a statement), and each write
 * of the mix reaches the streams of its team. The events are read and dropped; `close` ends the streams.
 */
export async function openBoardStreams(base: string, dispatchers: readonly Session[]) {
  // node:http, not fetch: undici ends a body that sends nothing for a while (BodyTimeoutError), and a quiet
  // team's board hears nothing for minutes.
  const agent = new http.Agent({ keepAlive: false });
  const requests: http.ClientRequest[] = [];
  let events = 0;
  let ended = 0;
  await Promise.all(
    dispatchers.map(
      (d) =>
        new Promise<void>((resolve, reject) => {
          const input = encodeURIComponent(JSON.stringify({ teamIds: [d.teamIds[0]] }));
          const req = http.get(
            `${base}/trpc/live.board?input=${input}`,
            { agent, headers: { cookie: d.cookie, accept: 'text/event-stream' } },
            (res) => {
              if (res.statusCode !== 200) {
                reject(new Error(`live.board for ${d.username}: ${res.statusCode}`));
                res.resume();
                return;
              }
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                events += chunk.match(/^id:/gm)?.length ?? 0;
              });
              res.on('close', () => ended++);
              resolve();
            },
          );
          req.on('error', () => {
            // Ended by close(), or the app stopped: either way the stream is over (counted by `ended`).
          });
          requests.push(req);
        }),
    ),
  );
  return {
    count: requests.length,
    events: () => events,
    /** Streams the server or the network ended before close() (a board would reconnect; none should here). */
    ended: () => ended,
    close: async () => {
      for (const r of requests) r.destroy();
      agent.destroy();
    },
  };
}

/** Signs everyone in, reads today's boards, routes and worklists, and returns one request source per procedure. */
export async function prepareSources(base: string, databaseUrl: string, opts: { agents: number; streams?: boolean }) {
  const users = await pickUsers(databaseUrl, opts.agents);
  const dispatchers = await inBatches(users.dispatchers, 4, (u) => signIn(base, u));
  const streams = opts.streams ? await openBoardStreams(base, dispatchers) : null;
  const readers = await inBatches(users.managers, 4, (u) => signIn(base, u));
  const agents = await inBatches(users.agents, 4, (u) => signIn(base, u));

  const pins: Held[] = [];
  const cases: { cookie: string; caseId: string }[] = [];
  const searches: { cookie: string; teamId: string; q: string }[] = [];
  let today = '';
  for (const d of dispatchers) {
    const teamId = d.teamIds[0] as string;
    const board = (await call(base, get('dispatch.day', d.cookie, { teamId }))) as Board;
    today = board.date;
    for (const v of board.visits.filter((x) => x.crewId)) {
      pins.push({ cookie: d.cookie, visitId: v.id, version: v.version, pinned: v.pinned });
    }
    const page = (await call(base, get('appointments.worklist', d.cookie, { teamId }))) as WorklistPage;
    for (const row of page.rows) {
      cases.push({ cookie: d.cookie, caseId: row.id });
      // What a dispatcher types: the tail of a loan reference, or a borrower's family name.
      searches.push({ cookie: d.cookie, teamId, q: row.loanRef.slice(-4) });
      searches.push({ cookie: d.cookie, teamId, q: row.borrowerName.slice(0, 1) });
    }
  }
  const trips: Held[] = [];
  for (const a of agents) {
    const route = (await call(base, get('field.today', a.cookie, {}))) as Route;
    for (const s of route.stops.filter((x) => x.status === 'assigned' || x.status === 'en_route')) {
      trips.push({ cookie: a.cookie, visitId: s.id, version: s.version, pinned: false });
    }
  }
  // "On my way" raises a visit's version: a visit the agents tap is not one the dispatchers pin, or a pin would
  // carry the version from before the tap and be refused as stale.
  const tapped = new Set(trips.map((t) => t.visitId));
  const pinnable = pins.filter((p) => !tapped.has(p.visitId));
  const from = addDays(today, -29);

  const nextDispatcher = cycle(dispatchers);
  const nextAgent = cycle(agents);
  const nextReader = cycle(readers);
  const nextSearch = cycle(searches);
  const nextCase = cycle(cases);
  const pinPool = pool(pinnable);
  const tripPool = pool(trips);
  let page = 0;

  const sources: Record<string, Source> = {
    'field.today': () => get('field.today', nextAgent().cookie, {}),
    'dispatch.day': () => {
      const d = nextDispatcher();
      return get('dispatch.day', d.cookie, { teamId: d.teamIds[0] });
    },
    searchCases: () => {
      const s = nextSearch();
      return get('appointments.worklist', s.cookie, { teamId: s.teamId, q: s.q });
    },
    'reports.dashboard': () => get('reports.dashboard', nextReader().cookie, { from, to: today }),
    'reports.visits': () =>
      get('reports.visits', nextReader().cookie, { filter: { from, to: today }, page: page++ % 5, pageSize: 25 }),
    'dispatch.setPinned': () => {
      const h = pinPool.take() as Held;
      const input = { visitId: h.visitId, version: h.version, pinned: !h.pinned, idempotencyKey: randomUUID() };
      return post('dispatch.setPinned', h.cookie, input, (status, body) => {
        if (status === 200) {
          const out = (JSON.parse(body) as { result: { data: { version: number; pinned: boolean } } }).result.data;
          Object.assign(h, { version: out.version, pinned: out.pinned });
        }
        pinPool.give(h);
      });
    },
    'appointments.logNotice': () => {
      const c = nextCase();
      const input = {
        caseId: c.caseId,
        stage: 'follow_up',
        channel: 'phone',
        result: 'Called about the agreed visit; no answer.',
        idempotencyKey: randomUUID(),
      };
      return post('appointments.logNotice', c.cookie, input);
    },
    'field.enRoute': () => {
      const h = tripPool.take() as Held;
      return post(
        'field.enRoute',
        h.cookie,
        { visitId: h.visitId, version: h.version, clientId: randomUUID() },
        (s, b) => {
          if (s === 200) h.version = (JSON.parse(b) as { result: { data: { version: number } } }).result.data.version;
          tripPool.give(h);
        },
      );
    },
  };
  return {
    sources,
    today,
    streams,
    counts: {
      dispatchers: dispatchers.length,
      agents: agents.length,
      readers: readers.length,
      boardVisits: pinnable.length,
      trips: trips.length,
      cases: cases.length,
    },
  };
}
