/**
 * The job queue's queues and what each job carries. One queue per kind of work; a job's data is small (ids):
 * the rows it names are the truth, read again when the job runs, so a retried job sees the world as it is then.
 */

/** Every queue, with its retry and expiry policy (queue.ts creates them). */
export const JOB_QUEUES = {
  /**
   * Sends one outbox message through the SMS gateway. Retried after 3–6 s, 6–12 s … doubling: the eight retries
   * ride out a gateway outage of some 13–25 minutes before the message is failed and shown for follow-up.
   */
  'message.send': { retryLimit: 8, retryDelay: 3, retryBackoff: true, expireInSeconds: 60 },
  /** Writes the day-before reminders of a team-day into the outbox (scheduled). */
  'message.reminders': { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  /**
   * Solves one auto-plan run (plan_runs row) in a worker thread of whichever process takes it. A solve lasts at
   * most its time limit (≤ 60 s) plus writing the result, so a job still active after 3 minutes lost its process:
   * it comes back once and the retry closes the run (planning.jobs.ts), instead of showing "active" for 15 min.
   */
  'plan.solve': { retryLimit: 1, retryDelay: 1, retryBackoff: false, expireInSeconds: 180 },
} as const satisfies Record<
  string,
  { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number }
>;

export type JobName = keyof typeof JOB_QUEUES;

export interface JobData {
  'message.send': { messageId: string };
  'message.reminders': { teamId?: string };
  'plan.solve': { runId: string };
}

/** What a handler is told about its job besides the data. */
export interface JobInfo {
  id: string;
  name: JobName;
  /** 0 on the first attempt. */
  retryCount: number;
}
