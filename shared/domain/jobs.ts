/**
 * The job queue as the admin's Jobs page sees it (SPEC §8.4). The queues themselves, with their retry policy,
 * are the server's (server/modules/jobs/jobs.types.ts JOB_QUEUES): every one of them must be named here, or the
 * page could not filter on it (jobs.service.ts fails to compile when one is missing).
 */
export const JOB_QUEUE_NAMES = ['message.send', 'message.reminders', 'plan.solve'] as const;
export type JobQueueName = (typeof JOB_QUEUE_NAMES)[number];

/**
 * pg-boss's job states: created (waiting, maybe until a later start), retry (failed, waiting to run again),
 * active (a process works it), completed, cancelled, failed (retries used up: an admin may retry it).
 */
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];
