/**
 * The app processes the load benchmark drives, and what they cost: each is `server/main.ts` as production runs it
 * (NODE_ENV=production, warnings only in the log, no demo data), all on one database and one session secret so
 * that a cookie from one is good at the other. CPU and memory are read from /proc, for the app processes and for
 * the PostgreSQL backends serving the benchmark's database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface AppProcess {
  pid: number;
  port: number;
  /** From answering /healthz to answering /readyz (the start's warm-up). */
  readyAfterMs?: number;
  stop(): Promise<void>;
}

/** A TCP port free on this host now, for an app process to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts one app process on `port` and resolves once /readyz answers 200 (migrations and the warm-up first). */
export async function startApp(opts: {
  port: number;
  databaseUrl: string;
  sessionSecret: string;
  cpuProfDir?: string;
  /** The app's source tree (with its node_modules): another checkout, to compare two versions; this one by default. */
  root?: string;
  /** More settings of its environment (a test's SESSION_CACHE_MS). */
  env?: Record<string, string>;
  /** Node flags before the script (V8 settings to compare, e.g. `--max-semi-space-size=32`). */
  nodeFlags?: string[];
}) {
  // A CPU profile is written when the process exits (stop() ends it with SIGTERM, which the app handles).
  const profile = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const args = [...profile, ...(opts.nodeFlags ?? []), '--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: opts.root ?? ROOT,
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      DATABASE_URL: opts.databaseUrl,
      SESSION_SECRET: opts.sessionSecret,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'off',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last lines it printed, to explain a process that does not come up.
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 180_000;
  /** Polls `path` until it answers 2xx; the process exiting or the deadline passing first is an error. */
  const answers = async (path: string, everyMs: number) => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`app on port ${opts.port} exited:\n${tail.join('\n')}`);
      const ok = await fetch(`http://127.0.0.1:${opts.port}${path}`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`app on port ${opts.port}: no 2xx from ${path} within 180 s:\n${tail.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  await answers('/healthz', 500);
  // Then ready, as a load balancer waits for it: since session 32 a process warms its connections first.
  const listening = performance.now();
  await answers('/readyz', 100);
  return {
    pid: child.pid as number,
    port: opts.port,
    readyAfterMs: performance.now() - listening,
    stop: () => stop(child, exited),
  } satisfies AppProcess;
}

async function stop(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  // The app gives itself 10 s to close; past that it is killed.
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

// Linux counts CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on here.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in MB (VmHWM: its peak so far); 0 when it is gone. */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends connected to the benchmark's database (the app processes' pools). */
export async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds used between `start()` and `stop()` by the given processes plus the database's backends. A backend
 * that ends during the run takes its CPU with it: the PostgreSQL figure is a lower bound.
 */
export function cpuMeter(appPids: readonly number[], databaseUrl: string) {
  let before = new Map<number, number>();
  const sample = async () => {
    const pids = await backendPids(databaseUrl);
    return {
      app: appPids.reduce((s, pid) => s + cpuSeconds(pid), 0),
      db: new Map(pids.map((pid) => [pid, cpuSeconds(pid)])),
    };
  };
  let appBefore = 0;
  return {
    async start() {
      const s = await sample();
      appBefore = s.app;
      before = s.db;
    },
    async stop() {
      const s = await sample();
      let db = 0;
      for (const [pid, cpu] of s.db) db += cpu - (before.get(pid) ?? 0);
      return { appSeconds: s.app - appBefore, dbSeconds: db };
    },
  };
}

/**
 * Waits until the processes behind `base` have worked off what the last level left queued: after a saturated
 * level they go on answering requests nobody waits for any more, and that work would be billed to the next level.
 * Idle means the readiness probe (a database round trip, queued behind the rest) answers fast three times running.
 */
export async function settle(base: string, timeoutMs = 90_000): Promise<number> {
  const started = performance.now();
  let fast = 0;
  while (fast < 3 && performance.now() - started < timeoutMs) {
    const t0 = performance.now();
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.status !== 503,
      () => false,
    );
    fast = ok && performance.now() - t0 < 200 ? fast + 1 : 0;
    await new Promise((r) => setTimeout(r, 250));
  }
  return performance.now() - started;
}

/** Garbage collections of one kind (prom-client's `nodejs_gc_duration_seconds`: minor, major, incremental …). */
export interface GcKind {
  count: number;
  seconds: number;
}

/** The app process's garbage collections so far by kind, from its /metrics (the bench's address is private). */
export async function gcTotals(base: string): Promise<Map<string, GcKind>> {
  const text = await fetch(`${base}/metrics`).then((r) => r.text());
  const kinds = new Map<string, GcKind>();
  for (const m of text.matchAll(/^nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} ([\d.e+-]+)$/gm)) {
    const kind = kinds.get(m[2] as string) ?? { count: 0, seconds: 0 };
    if (m[1] === 'sum') kind.seconds = Number(m[3]);
    else kind.count = Number(m[3]);
    kinds.set(m[2] as string, kind);
  }
  return kinds;
}
