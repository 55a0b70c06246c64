/** Inputs of the admin's Jobs page (jobs.*). */
import { z } from 'zod';
import { JOB_QUEUE_NAMES, JOB_STATES } from '../domain/jobs';
import { id, int } from './common';

/** One page of the most recent jobs, optionally of one queue and one state. */
export const jobListInput = z.object({
  queue: z.enum(JOB_QUEUE_NAMES).optional(),
  state: z.enum(JOB_STATES).optional(),
  page: int({ min: 0, max: 100_000 }).default(0),
  pageSize: int({ min: 5, max: 100 }).default(25),
});
export type JobListInput = z.infer<typeof jobListInput>;

/** A failed job to run again (pg-boss addresses a job by its queue and id). */
export const jobRetryInput = z.object({ queue: z.enum(JOB_QUEUE_NAMES), id });
export type JobRetryInput = z.infer<typeof jobRetryInput>;
