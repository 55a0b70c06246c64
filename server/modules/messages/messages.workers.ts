/**
 * The message queues' handlers: sending an outbox message through the gateway, and the scheduled reminders.
 * Owned by the gateway slice.
 */
import type { JobDeps } from '../jobs/workers';
import { REMINDER_CRON, writeReminders } from './messages.reminders';
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
  // The day-before reminders: pg-boss's clock makes one job a day (one across all processes, in the default zone);
  // each run writes tomorrow's reminders of every team, once per visit and date whatever runs twice.
  await deps.jobs.work('message.reminders', async (data) => {
    const { written } = await writeReminders(deps, data);
    deps.log.info({ written }, 'day-before reminders written');
  });
  await deps.jobs.boss.schedule('message.reminders', REMINDER_CRON, {}, { tz: deps.env.TZ_DEFAULT });
}
