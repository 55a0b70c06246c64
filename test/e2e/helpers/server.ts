import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDate } from '../../../shared/time';
import { provided } from '../../helpers/provided';
import { createScratchDatabase } from '../../helpers/scratch-database';

/** A running Doorstep server started for the tests. */
export interface TestServer {
  baseUrl: string;
  /**
   * The local date (server zone) its first start centred the demo city on: the tests' "today". A run that crosses
   * midnight in the zone keeps working on this date instead of the wall clock's, which the data was not built for.
   */
  seedDate: string;
  /** The spawned process (tsx); the server itself may run in a child of it. */
  pid?: number;
  stop: () => Promise<void>;
}

/** A server process this test started itself, which it can also kill. */
export interface ProcessServer extends TestServer {
  /** Kills the process at once (SIGKILL: no shutdown, no cleanup), as a crash would; stop() still cleans up. */
  crash: () => Promise<void>;
}

function askKernelForPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// A server listens only once it has migrated and seeded (seconds, minutes under load), so a port found free
// here is not taken until then: with e2e workers side by side, two processes could be handed the same one and a
// health check would find the other's server. Each process takes ports of its own residue class (the main
// process 0, worker k class k, VITEST_POOL_ID), and never the same port twice.
const PORT_CLASSES = 8;
const handedOut = new Set<number>();

async function freePort(): Promise<number> {
  const own = Number(process.env.VITEST_POOL_ID ?? '0') % PORT_CLASSES;
  for (let tries = 0; tries < 1_000; tries++) {
    const port = await askKernelForPort();
    // Linux hands listen(0) odd ports only (even ones go to connect()), so the class is of port / 2.
    if (Math.floor(port / 2) % PORT_CLASSES === own && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port of class ${own} found`);
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
}

/**
 * Starts the real server (tsx server/main.ts) on a free port with a fresh data directory, so it migrates and
 * seeds the demo city itself. PGlite unless TEST_DATABASE_URL names a PostgreSQL server: then a new database on
 * it, copied from the run's migrated template (its migrating finds nothing to do), dropped at stop (a reused one
 * keeps the last run's users and acknowledgements).
 */
export async function startServer(opts: StartServerOptions = {}): Promise<ProcessServer> {
  const zone = opts.env?.TZ_DEFAULT ?? process.env.TZ_DEFAULT ?? 'Asia/Shanghai';
  const before = localDate(new Date(), zone);
  const server = await startServerOnce(opts);
  if (localDate(new Date(), zone) === before || opts.databaseUrl || opts.env?.DATA_DIR) {
    return { ...server, seedDate: before };
  }
  // Midnight passed while it started, so which day it seeded is unknown: a fresh one seeds the new day for sure.
  await server.stop();
  return { ...(await startServerOnce(opts)), seedDate: localDate(new Date(), zone) };
}

/**
 * freePort's port is free when asked, not when the server binds it: an outgoing connection may take it in
 * between. The server then fails to listen (EADDRINUSE) and is started again on another port.
 */
async function startServerOnce(opts: StartServerOptions): Promise<Omit<ProcessServer, 'seedDate'>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerProcess(opts);
    } catch (err) {
      if (attempt >= 3 || !String(err).includes('EADDRINUSE')) throw err;
    }
  }
}

async function startServerProcess(opts: StartServerOptions): Promise<Omit<ProcessServer, 'seedDate'>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-data-'));
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => {} }
    : process.env.TEST_DATABASE_URL
      ? await createScratchDatabase(
          process.env.TEST_DATABASE_URL,
          'doorstep_e2e',
          opts.template ?? provided('postgresTemplate'),
        )
      : null;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...opts.env,
  };
  delete env.DATABASE_URL;
  if (db) env.DATABASE_URL = db.url;

  const child = spawn('node_modules/.bin/tsx', ['server/main.ts'], {
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

  const baseUrl = `http://127.0.0.1:${port}`;
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
  // tsx runs the server in a child node process: a crash kills that one (and tsx) without a word to either.
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
  try {
    // Generous: a loaded CI machine (2 cores, other runs) has taken over 2 minutes to migrate and seed.
    await waitForHealth(baseUrl, child, () => log, 300_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, pid: child.pid ?? 0, stop, crash };
}
