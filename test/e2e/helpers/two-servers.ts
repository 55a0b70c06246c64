import { randomBytes } from 'node:crypto';
import { DEMO_USERS } from '@shared/demo';
import { createDemoScratchDatabase } from '../../helpers/demo-template';
import { startServersOn, type TestServer } from './server';
import { type Session, signIn } from './trpc-http';

/** Two real server processes on one scratch PostgreSQL database, and one dispatcher's sign-in reaching either. */
export interface TwoServers {
  databaseUrl: string;
  servers: [TestServer, TestServer];
  /** The dispatcher's session on process A, and the same session's requests reaching B (no sticky sessions). */
  onA: Session;
  onB: Session;
  teamId: string;
  stop(): Promise<void>;
}

/** For *.postgres.test.ts files (they run only with TEST_DATABASE_URL, see vitest.config.ts). */
export async function startTwoServers(prefix: string): Promise<TwoServers> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('*.postgres.test.ts files run only with TEST_DATABASE_URL (see vitest.config.ts)');
  // A copy of the run's demo (or migrated) template (global-setup.ts): the first process finds nothing to migrate.
  const scratch = await createDemoScratchDatabase(serverUrl, prefix);
  // Two processes behind one address share the session key, as a deployment of several would.
  const env = { SESSION_SECRET: randomBytes(24).toString('hex') };
  const started: TestServer[] = [];
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop()));
    await scratch.drop();
  };
  try {
    started.push(...(await startServersOn(scratch.url, 2, { seeded: scratch.seeded, env })));
    const [a, b] = started as [TestServer, TestServer];
    const onA = await signIn(a.baseUrl, DEMO_USERS.dispatcher);
    return {
      databaseUrl: scratch.url,
      servers: [a, b],
      onA,
      onB: { ...onA, baseUrl: b.baseUrl },
      teamId: onA.teamIds[0] as string,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
