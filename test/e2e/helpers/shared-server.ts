import { inject } from 'vitest';

/** A server the global setup started for the run, shared by the files of one e2e worker. */
export interface SharedServer {
  baseUrl: string;
  /** The local date (Asia/Shanghai) its demo city is centred on: the tests' "today", never the wall clock's. */
  seedDate: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** One shared server per e2e worker (helpers/global-setup.ts), in the order of the workers' pool ids. */
    sharedServers: SharedServer[];
  }
}

/**
 * This worker's shared server. Each worker has its own (its own database), so a file still runs alone on its
 * server, one after the other, as with one worker: files in two workers never change each other's data mid-test.
 */
export function sharedServer(): SharedServer {
  const servers = inject('sharedServers');
  // VITEST_POOL_ID is 1..maxWorkers, and a worker's id stays its own while its files run.
  const id = Number(process.env.VITEST_POOL_ID ?? '1');
  const server = servers[(id - 1) % servers.length];
  if (!server) throw new Error('no shared e2e server: is test/e2e/helpers/global-setup.ts the globalSetup?');
  return server;
}
