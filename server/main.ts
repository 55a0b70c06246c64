import { openDb } from './db/client';
import { runMigrations } from './db/migrate';
import { firstStart } from './db/seed/first-start';
import { loadEnv } from './env';
import { buildHttpServer } from './http';
import { startJobs } from './modules/jobs/queue';
import { registerWorkers } from './modules/jobs/workers';
import { createLogger } from './ops/log';
import { PoolWarmUp } from './ops/warmup';
import { resolveSessionSecret } from './session-secret';

async function main() {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const log = createLogger(env);
  const started = Date.now();
  const handle = await openDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    onConnectionLost: (err) => log.warn({ err }, 'database connection lost; the next query opens a new one'),
    reports: { connections: env.REPORTS_DB_CONNECTIONS, statementTimeoutMs: env.REPORTS_STATEMENT_TIMEOUT_MS },
  });
  await runMigrations(handle);
  log.info({ database: handle.kind, ms: Date.now() - started }, 'database ready');

  // The demo logins or a generated admin password go to the terminal once, never through the log.
  const first = await firstStart(handle.db, env, (text) => console.log(text));
  if (first.kind === 'demo') log.info('seeded the demo city');
  if (first.kind === 'empty') log.info({ admin: first.username }, 'started an empty organisation');

  // Not ready until the connections are warmed (ops/warmup.ts): started once the server listens, bounded.
  const warmUp = new PoolWarmUp();
  const sessionSecret = resolveSessionSecret(env);
  const app = await buildHttpServer({
    db: handle.db,
    reportsDb: handle.reportsDb,
    dbKind: handle.kind,
    env,
    log,
    sessionSecret,
    worksJobs: true,
    warmUp,
  });
  // This process works the job queue (messages, reminders, planning runs) alongside serving requests.
  const jobs = await startJobs(handle.db, log, (j) =>
    registerWorkers(j, { db: handle.db, env, log, now: () => new Date() }),
  );
  await app.listen({ port: env.PORT, host: env.HOST });
  // The bound port, not env.PORT: with PORT=0 the kernel picks a free one (the e2e tests start servers so, and
  // read this line — it is printed at every LOG_LEVEL, like the demo logins, so a warn-level server says it too).
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  log.info({ url: `http://localhost:${port}`, ms: Date.now() - started }, 'Doorstep is listening');
  console.log(`Doorstep is listening on port ${port}`);
  void warmUp.run({
    db: handle.db,
    reportsDb: handle.reportsDb,
    env,
    log,
    sessionSecret,
    connections: handle.connections,
    reportsConnections: handle.reportsConnections,
    app,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    warmUp.stop();
    await app.close();
    await jobs.stop();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
