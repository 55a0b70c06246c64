import pino from 'pino';
import { localDate } from '../shared/time';
import { openDb } from './db/client';
import { runMigrations } from './db/migrate';
import { demoLoginsText, isDatabaseEmpty, seedDemo } from './db/seed';
import { loadEnv } from './env';
import { buildHttpServer } from './http';
import { requestSerializer } from './log-redact';
import { resolveSessionSecret } from './session-secret';

async function main() {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const log = pino({ level: env.LOG_LEVEL, serializers: { req: requestSerializer } });
  const started = Date.now();
  const handle = await openDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    onConnectionLost: (err) => log.warn({ err }, 'database connection lost; the next query opens a new one'),
  });
  await runMigrations(handle);
  log.info({ database: handle.kind, ms: Date.now() - started }, 'database ready');

  if (await isDatabaseEmpty(handle.db)) {
    const summary = await seedDemo(handle.db, {
      today: localDate(new Date(), env.TZ_DEFAULT),
      timeZone: env.TZ_DEFAULT,
    });
    log.info({ summary }, 'seeded the demo city');
    console.log(`\n${demoLoginsText()}\n`);
  }

  const app = await buildHttpServer({
    db: handle.db,
    dbKind: handle.kind,
    env,
    log,
    sessionSecret: resolveSessionSecret(env),
  });
  await app.listen({ port: env.PORT, host: env.HOST });
  log.info({ url: `http://localhost:${env.PORT}`, ms: Date.now() - started }, 'Doorstep is listening');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
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
