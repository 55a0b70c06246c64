/**
 * The message queues' handlers: sending an outbox message through the gateway, and the scheduled reminders.
 * Owned by the gateway slice.
 */
import type { JobDeps } from '../jobs/workers';
import { sendMessageJob } from './messages.send';
import { GATEWAY_TIMEOUT_MS, gatewayConfig } from './sms-gateway';

export interface MessageWorkerOptions {
  /** Sends at once per process (default 2: one slow gateway answer does not hold up the rest). */
  concurrency?: number;
  /** How long one gateway call may take (tests shorten it). */
  gatewayTimeoutMs?: number;
}

export async function registerMessageWorkers(deps: JobDeps, opts: MessageWorkerOptions = {}): Promise<void> {
  const gateway = gatewayConfig(deps.env, opts.gatewayTimeoutMs ?? GATEWAY_TIMEOUT_MS);
  const sendDeps = {
    db: deps.db,
    log: deps.log,
    jobs: deps.jobs,
    now: deps.now,
    gateway,
    fallbackZone: deps.env.TZ_DEFAULT,
  };
  await deps.jobs.work('message.send', (data, job) => sendMessageJob(sendDeps, data, job), {
    concurrency: opts.concurrency ?? 2,
  });
}
