import { jobListInput, jobRetryInput } from '../../../shared/schemas/jobs';
import { roleProcedure, router } from '../../trpc/init';
import { jobCounts, listJobs, retryJob } from './jobs.service';

const admin = roleProcedure('admin');

export const jobsRouter = router({
  counts: admin.query(({ ctx }) => jobCounts(ctx)),
  list: admin.input(jobListInput).query(({ ctx, input }) => listJobs(ctx, input)),
  retry: admin.input(jobRetryInput).mutation(({ ctx, input }) => retryJob(ctx, input)),
});
