/**
 * The boards of the lender preset in Chromium: ms from navigation until the calendar lanes show their visits
 * (`dispatch-painted`) and the map has drawn its markers (`map-painted`) — and, separately, until the calendar has
 * drawn each placed visit's slot and travel blocks too (`dispatch-blocks-painted`, one task later) — for the busiest team's dispatcher,
 * the agent's route (field app at phone size), the regional manager's and the admin's "All my teams" (day, and the
 * week: the counted overview, and one team's week as it opens) — plus what each page load fetched, per tRPC
 * procedure, and frames per second while the boards are panned. Goals: #17 board and map visible ≤ 2 s; #19
 * all-teams day ≤ 3 s, pan ≥ 30 frames/s.
 *
 *   DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/lender_db npm run bench:board -- [--runs 3]
 *     [--only dispatcher,agent,manager,admin,admin-week,team-week] [--shots]
 *
 * The server writes sessions: give it a copy (`createdb -T lender_shared lender_db`), not a shared database.
 * Without DATABASE_URL it seeds `board_bench_lender` with `--preset lender` first (minutes). `--shots` writes
 * docs/screenshots/lender-*.png (desktop and phone, en and zh-CN). `--trace` records one more load per page with
 * Chromium's tracing and profiler and prints where its main-thread time went (test/bench/board-trace.ts);
 * `--trace-cold` traces the fresh browser's first load instead (before the measured ones).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { lenderLogins } from '../../server/db/seed';
import { DESKTOP, loginAs, openBrowser, PHONE, playBackTiles } from '../e2e/helpers/browser';
import { startServer } from '../e2e/helpers/server';
import { formatCosts, WATERFALL, watchTrpc } from './board-network';
import { formatTrace, traceLoad } from './board-trace';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    shots: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    'trace-cold': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const PAINT_TIMEOUT_MS = 180_000;

/** A lender database to run on: DATABASE_URL, or one seeded here with the lender preset. */
async function lenderDatabase(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const server = 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const url = server.replace(/\/postgres$/, '/board_bench_lender');
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  const exists = (await c.query(`select 1 from pg_database where datname = 'board_bench_lender'`)).rowCount;
  if (!exists) await c.query('create database board_bench_lender');
  await c.end();
  console.log('seeding board_bench_lender with the lender preset (skipped when already seeded) …');
  execFileSync('npm', ['run', 'seed', '--', '--preset', 'lender'], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: url },
  });
  return url;
}

/** The dispatcher's team-day with the most visits (the lender preset makes it SH01 today). */
async function busiestDay(url: string, dispatcher: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: string; code: string; date: string; visits: number }>(
      `select t.id, t.code, v.visit_date::text as date, count(*)::int as visits
         from visits v join teams t on t.id = v.team_id
         join user_teams ut on ut.team_id = t.id join users u on u.id = ut.user_id and u.username = $1
        group by 1, 2, 3 order by 4 desc, 3 limit 1`,
      [dispatcher],
    );
    const all = await c.query<{ n: number }>(`select count(*)::int as n from visits where visit_date = $1`, [
      rows[0]?.date,
    ]);
    if (!rows[0]) throw new Error(`${dispatcher} has no visits: is this a lender database?`);
    return { ...rows[0], dayVisits: all.rows[0]?.n ?? 0 };
  } finally {
    await c.end();
  }
}

interface Scenario {
  name: string;
  user: string;
  path: string;
  viewport: { width: number; height: number };
  marks: Array<'dispatch-painted' | 'map-painted' | 'week-overview-painted'>;
  /** A calendar board: also wait for (and time) its slot and travel blocks, drawn after the visits. */
  blocks?: boolean;
  shots: Array<'en-US' | 'zh-CN'>;
  /** Measure frames per second while the calendar and the map are panned (boards only). */
  pan?: boolean;
}

/**
 * What the page shows once painted: lanes, calendar events, tray cards, single markers and clusters on the map.
 * A string, not a function: tsx would wrap a function's inner helpers in a `__name` the page does not have.
 */
const COUNTS = `(() => {
  const n = (sel) => document.querySelectorAll(sel).length;
  return {
    lanes: n('.fc-timeline-lane.fc-resource') || n('.fc-col-header-cell.fc-resource'),
    events: n('[data-testid="calendar-visit"]'),
    tray: n('[data-testid="tray-visit"]'),
    markers: n('.ds-marker'),
    clusters: n('.marker-cluster'),
    stops: n('[data-testid="route-stop"]'),
    domNodes: n('*'),
  };
})()`;

/** The Chromium the sessions share (test/e2e/helpers/browser.ts): closed at the end, or it keeps the bench alive. */
let browser: import('playwright-core').Browser | null = null;

async function runScenario(baseUrl: string, s: Scenario, locale: 'en-US' | 'zh-CN', runs: number) {
  const session = await openBrowser({ locale, viewport: s.viewport });
  browser = session.context.browser();
  const { page } = session;
  await playBackTiles(session.context);
  page.on('pageerror', (e) => console.error(`  pageerror (${s.name}): ${e.message}`));
  await loginAs(page, baseUrl, s.user);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 60_000 });
  const times: Array<Record<string, number>> = [];
  let costs = '';
  let waterfall = '';
  const waited = s.blocks ? [...s.marks, BLOCKS] : s.marks;
  const load = async () => {
    await page.goto(`${baseUrl}${s.path}`);
    await page.waitForFunction((marks) => marks.every((m) => performance.getEntriesByName(m).length > 0), waited, {
      timeout: PAINT_TIMEOUT_MS,
      polling: 100,
    });
  };
  // The fresh browser's first load (no code cache for the board's chunks), traced instead of measured.
  const cold = values['trace-cold'] ? formatTrace(await traceLoad(page, load, s.marks.at(-1) as string)) : '';
  for (let i = 0; i < runs; i++) {
    const watch = watchTrpc(page);
    await load();
    const at = await page.evaluate(
      (marks) => Object.fromEntries(marks.map((m) => [m, performance.getEntriesByName(m)[0]?.startTime ?? -1])),
      waited,
    );
    const visible = Math.max(...s.marks.map((m) => at[m] ?? -1));
    // "Drawn": the visible board with its slot and travel blocks as well (the later of the two).
    times.push({ ...at, visible, ...(s.blocks ? { drawn: Math.max(visible, at[BLOCKS] ?? -1) } : {}) });
    waterfall = await page.evaluate(WATERFALL);
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
    costs = formatCosts(watch.stop());
  }
  const trace = values.trace ? formatTrace(await traceLoad(page, load, s.marks.at(-1) as string)) : '';
  const shown = await page.evaluate(COUNTS);
  if (values.shots) {
    await page.waitForTimeout(500);
    const file = `docs/screenshots/lender-${s.name}-${s.viewport === PHONE ? 'phone' : 'desktop'}-${locale}.png`;
    await page.screenshot({ path: file });
    console.log(`  screenshot ${file}`);
  }
  // After the screenshot: the pan drags the map away from the visits.
  const pan = s.pan ? await panFps(page) : null;
  await session.close();
  return {
    times,
    shown,
    costs,
    waterfall,
    pan,
    trace: [cold && `cold load, traced:\n${cold}`, trace].filter(Boolean).join('\n'),
  };
}

/**
 * Frames per second while the board is panned, counted by requestAnimationFrame in the page: the calendar's
 * scroller moved a step per frame for 2 s (self-paced: a slow frame means fewer steps), then the map dragged by
 * the mouse in 40 moves. Strings, not functions, for the reason COUNTS gives.
 */
async function panFps(page: import('playwright-core').Page) {
  const calendar = await page.evaluate(`new Promise((done) => {
    const el = [...document.querySelectorAll('[data-testid="dispatch-calendar"] .fc-scroller')]
      .sort((a, b) => b.scrollWidth * b.scrollHeight - a.scrollWidth * a.scrollHeight)[0];
    if (!el) return done(-1);
    let frames = 0;
    const start = performance.now();
    const step = (now) => {
      frames++;
      el.scrollLeft = (el.scrollLeft + 25) % Math.max(1, el.scrollWidth - el.clientWidth);
      el.scrollTop = (el.scrollTop + 8) % Math.max(1, el.scrollHeight - el.clientHeight);
      if (now - start < 2000) requestAnimationFrame(step);
      else done(Math.round((frames * 1000) / (now - start)));
    };
    requestAnimationFrame(step);
  })`);
  const box = await page.locator('.leaflet-container').first().boundingBox();
  if (!box) return { calendar, map: -1 };
  await page.evaluate(`(() => {
    window.__frames = 0;
    const tick = () => { window.__frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const t0 = await page.evaluate('performance.now()');
  const f0 = await page.evaluate('window.__frames');
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 40; i++) await page.mouse.move(cx + 100 * Math.sin(i / 6), cy + 80 * Math.cos(i / 6));
  await page.mouse.up();
  const t1 = await page.evaluate('performance.now()');
  const f1 = await page.evaluate('window.__frames');
  return { calendar, map: Math.round(((Number(f1) - Number(f0)) * 1000) / (Number(t1) - Number(t0))) };
}

const BLOCKS = 'dispatch-blocks-painted';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? -1;

async function main() {
  if (!existsSync('dist/client/index.html')) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  const url = await lenderDatabase();
  const logins = lenderLogins();
  const busiest = await busiestDay(url, logins.dispatcher);
  const board = ['dispatch-painted', 'map-painted'] as const;
  const all: Scenario[] = [
    {
      name: 'dispatcher',
      user: logins.dispatcher,
      path: `/dispatch?team=${busiest.id}&date=${busiest.date}`,
      viewport: DESKTOP,
      marks: [...board],
      blocks: true,
      shots: ['en-US', 'zh-CN'],
    },
    {
      name: 'agent',
      user: logins.agent,
      path: '/my-route',
      viewport: PHONE,
      marks: ['map-painted'],
      shots: ['en-US', 'zh-CN'],
    },
    // "All my teams": the regional manager's five, the admin's fifty.
    ...(['manager', 'admin'] as const).map(
      (role): Scenario => ({
        name: role,
        user: logins[role],
        path: `/dispatch?team=all&date=${busiest.date}`,
        viewport: DESKTOP,
        marks: [...board],
        blocks: true,
        shots: ['en-US', 'zh-CN'],
        pan: true,
      }),
    ),
    // The admin's week of all teams (the counted overview), and one team's week as it opens from it.
    {
      name: 'admin-week',
      user: logins.admin,
      path: `/dispatch?team=all&date=${busiest.date}&view=week`,
      viewport: DESKTOP,
      marks: ['week-overview-painted'],
      shots: ['en-US', 'zh-CN'],
    },
    {
      name: 'team-week',
      user: logins.admin,
      path: `/dispatch?team=${busiest.id}&date=${busiest.date}&view=week`,
      viewport: DESKTOP,
      marks: [...board],
      blocks: true,
      shots: ['en-US'],
      pan: true,
    },
  ];
  all[0] = { ...(all[0] as Scenario), pan: true };
  const scenarios = all.filter((s) => !values.only || values.only.split(',').includes(s.name));

  console.log(
    `board-render: busiest team-day ${busiest.code} ${busiest.date} (${busiest.visits} visits; ${busiest.dayVisits} ` +
      `that day in all teams); ${RUNS} loads each; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
  );
  const server = await startServer({ databaseUrl: url });
  try {
    for (const s of scenarios) {
      const { times, shown, costs, waterfall, pan, trace } = await runScenario(
        server.baseUrl,
        s,
        s.shots[0] ?? 'en-US',
        RUNS,
      );
      const col = (k: string) => times.map((t) => Math.round(t[k] ?? -1));
      console.log(
        `\n${s.name.padEnd(10)} ${s.path}  ${s.viewport.width}×${s.viewport.height}\n` +
          `  visible ms: median ${Math.round(median(col('visible')))}  all [${col('visible').join(', ')}]` +
          (s.blocks
            ? `\n  drawn ms (with slot and travel blocks): median ${median(col('drawn'))}  all [${col('drawn').join(', ')}]\n `
            : '') +
          s.marks.map((m) => `  ${m} [${col(m).join(', ')}]`).join('') +
          (pan ? `\n  pan frames/s: ${JSON.stringify(pan)}` : '') +
          `\n  shown: ${JSON.stringify(shown)}\n  requests until painted (ms after navigation): ${waterfall}` +
          `\n  fetched on the last load:\n${costs}${trace ? `\n${trace}` : ''}`,
      );
      for (const locale of values.shots ? s.shots.slice(1) : []) await runScenario(server.baseUrl, s, locale, 1);
    }
  } finally {
    await server.stop();
    // Left open, the browser kept the process alive after the figures were printed.
    await browser?.close();
  }
}

await main();
