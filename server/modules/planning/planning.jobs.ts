/**
 * Auto-plan runs through the job queue: whichever process takes a `plan.solve` job solves the run.
 * Owned by the jobs slice.
 */
import type { JobDeps } from '../jobs/workers';

export async function registerPlanningWorkers(_deps: JobDeps): Promise<void> {}
