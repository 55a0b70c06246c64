import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDate } from '../../../shared/time';
import { DEMO_ZONE, type DemoTemplate, demoTemplateFor } from '../../helpers/demo-template';
import { provided } from '../../helpers/provided';
import { createScratchDatabase } from '../../helpers/scratch-database';
import { bundleOfTheRun } from './server-bundle';

/** A running Doorstep server started for the tests. */
export interface TestServer {
  baseUrl: string;
  /**
   * The local date (server zone) its first start centred the demo city on: the tests' "today". A run that crosses
   * midnight in the zone keeps working on this date instead of the wall clock's, which the data was not built for.
   */
  seedDate: string;
  /** The spawned process (node running the run's bundle, or tsx: then the server itself runs in a child of it). */
  pid?: number;
  stop: () => Promise<void>;
}

/** A server process this test started itself, which it can also kill. */
export interface ProcessServer extends TestServer {
  /** Kills the process at once (SIGKILL: no shutdown, no cleanup), as a crash would; stop() still cleans up. */
  crash: () => Promise<void>;
}

/** The line server/main.ts prints on stdout, at every LOG_LEVEL, once it listens: the port it was given. */
const LISTENING = /Doorstep is listening on port (\d+)/;

/**
 * Resolves with the port the server bound once it says so, rejects if it exits first. The server binds PORT=0
 * (the kernel picks a port no other process holds at that moment), so no port is chosen before the server listens:
 * two e2e workers' servers can never be handed the same one.
 */
function listeningPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (finish: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      finish();
    };
    const onData = (chunk: Buffer) => {
      // Only the tail is kept: the line may arrive split across chunks, never longer than this.
      seen = (seen + chunk.toString()).slice(-500);
      const port = LISTENING.exec(seen)?.[1];
      if (port) done(() => resolve(Number(port)));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`server exited with ${code}:\n${output()}`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`server did not listen within ${timeoutMs} ms:\n${output()}`))),
      timeoutMs,
    );
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not become healthy within ${timeoutMs} ms:\n${output()}`);
}

/** The processes below `pid` (children first, then theirs). */
function descendantsOf(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  const children = out.split('\n').filter(Boolean).map(Number);
  return children.flatMap((c) => [c, ...descendantsOf(c)]);
}

/** How to start a test server; the defaults give it a database of its own. */
export interface StartServerOptions {
  /** A PostgreSQL database shared with other servers: the caller creates and drops it, stop leaves it. */
  databaseUrl?: string;
  /** More environment for the server process (e.g. one SESSION_SECRET for several processes). */
  env?: NodeJS.ProcessEnv;
  /** The migrated template its own PostgreSQL database is copied from; by default the one the global setup made. */
  template?: string;
  /**
   * The demo template (helpers/demo-template.ts) its database is copied from instead, if it is today's and the
   * server would seed the demo city; by default the global setup's. The global setup passes its own.
   */
  demoTemplate?: DemoTemplate;
  /**
   * The server bundled from this checkout's sources (helpers/server-bundle.ts), run with `node`; by default the
   * one the run's global setup built. Without one (the benches) the server runs from its sources through tsx.
   */
  bundle?: string;
}

/**
 * Starts the real server (server/main.ts, bundled or through tsx) on a port the kernel picks (PORT=0), with a fresh
 * data directory, so it migrates and seeds the demo city itself. PGlite unless TEST_DATABASE_URL names a PostgreSQL server: then a new database on
 * it, copied from the run's demo template (today's city already in it: its migrating and first start find nothing
 * to do) or migrated template, dropped at stop (a reused one keeps the last run's users and acknowledgements).
 */
export async function startServer(opts: StartServerOptions = {}): Promise<ProcessServer> {
  const zone = opts.env?.TZ_DEFAULT ?? DEMO_ZONE;
  const before = localDate(new Date(), zone);
  const server = await startServerOnce(opts, zone);
  if (localDate(new Date(), zone) === before || opts.databaseUrl || opts.env?.DATA_DIR) {
    return { ...server, seedDate: before };
  }
  // Midnight passed while it started, so which day it seeded is unknown: a fresh one seeds the new day for sure.
  await server.stop();
  return { ...(await startServerOnce(opts, zone)), seedDate: localDate(new Date(), zone) };
}

/**
 * `count` server processes on the caller's database. A copy of the demo template (`seeded`) holds all a first start
 * would write, so they start side by side (a start is mostly the server's imports, ≈10 s at load 8); otherwise the
 * first one seeds, and the others start once it listens. Those started are stopped if any fails.
 */
export async function startServersOn(
  databaseUrl: string,
  count: number,
  opts: { seeded: boolean; env?: NodeJS.ProcessEnv },
): Promise<ProcessServer[]> {
  const start = () => startServer({ databaseUrl, env: opts.env });
  const settled: PromiseSettledResult<ProcessServer>[] = [];
  if (!opts.seeded) settled.push(...(await Promise.allSettled([start()])));
  const first = settled[0];
  if (!first || first.status === 'fulfilled') {
    settled.push(...(await Promise.allSettled(Array.from({ length: count - settled.length }, start))));
  }
  const servers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    throw failed.reason;
  }
  return servers;
}

/**
 * The template a server's own database is copied from. Checked now, after startServer read the day: a demo
 * template of another day (midnight passed) is not used, and that server seeds its own city.
 */
function templateFor(opts: StartServerOptions, zone: string): string | undefined {
  const seeds = (opts.env?.DEMO_DATA ?? process.env.DEMO_DATA ?? 'on') !== 'off';
  // The default comes from inject(), which only a test file has: the global setup passes both of its templates.
  const demo = opts.demoTemplate || !opts.template ? demoTemplateFor(zone, new Date(), opts.demoTemplate) : undefined;
  return (seeds ? demo?.name : undefined) ?? opts.template ?? provided('postgresTemplate');
}

async function startServerOnce(opts: StartServerOptions, zone: string): Promise<Omit<ProcessServer, 'seedDate'>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-data-'));
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => {} }
    : process.env.TEST_DATABASE_URL
      ? await createScratchDatabase(process.env.TEST_DATABASE_URL, 'doorstep_e2e', templateFor(opts, zone))
      : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    // The kernel's choice, read back from the server's line (listeningPort). No test restarts a server on the
    // port it had: a restarted one (messages-crash) is a new server at a new address.
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...opts.env,
  };
  delete env.DATABASE_URL;
  if (db) env.DATABASE_URL = db.url;

  const bundle = opts.bundle ?? bundleOfTheRun();
  const [command, args] = bundle ? [process.execPath, [bundle]] : ['node_modules/.bin/tsx', ['server/main.ts']];
  const child = spawn(command, args, {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Generous: a loaded CI machine (2 cores, other runs) has taken over 2 minutes to migrate and seed.
  const listening = listeningPort(child, () => log, 300_000);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  };
  // tsx runs the server in a child node process (the bundle runs in this one): a crash kills them all without a
  // word to any.
  const crash = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const exited = new Promise((r) => child.once('exit', r));
    for (const pid of [...descendantsOf(child.pid), child.pid]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await exited;
  };
  let baseUrl: string;
  try {
    baseUrl = `http://127.0.0.1:${await listening}`;
    await waitForHealth(baseUrl, child, () => log, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, pid: child.pid ?? 0, stop, crash };
}
