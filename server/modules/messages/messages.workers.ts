/**
 * The message queues' handlers: sending an outbox message through the gateway, and the scheduled reminders.
 * Owned by the gateway slice.
 */
import type { JobDeps } from '../jobs/workers';

export async function registerMessageWorkers(_deps: JobDeps): Promise<void> {}
