/**
 * What this process does with each queue when it works them (main.ts; tests that need jobs done). Each module
 * registers its own handlers; this file only lists them.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { Env } from '../../env';
import { registerMessageWorkers } from '../messages/messages.workers';
import { registerPlanningWorkers } from '../planning/planning.jobs';
import type { Jobs } from './queue';

/** What a job handler has instead of a request's context. */
export interface JobDeps {
  db: Db;
  env: Env;
  log: Logger;
  jobs: Jobs;
  now: () => Date;
}

export async function registerWorkers(jobs: Jobs, deps: Omit<JobDeps, 'jobs'>): Promise<void> {
  const all: JobDeps = { ...deps, jobs };
  await registerMessageWorkers(all);
  await registerPlanningWorkers(all);
}
