import {
  followUpsInput,
  importPaymentsInput,
  promiseListInput,
  recordPaymentInput,
  teamOnlyInput,
} from '../../../shared/schemas/oversight';
import { roleProcedure, router } from '../../trpc/init';
import { listFollowUps } from '../follow-ups/follow-ups.service';
import { listPromises, proposeFollowUps } from '../promises/promises.service';
import { importPayments, recordPayment } from './payments.service';

const managers = roleProcedure('manager', 'admin');
const staff = roleProcedure('manager', 'dispatcher', 'admin');

/** Money received, the promises it keeps, and the follow-ups that broken promises and callback requests raise. */
export const paymentsRouter = router({
  record: managers.input(recordPaymentInput).mutation(({ ctx, input }) => recordPayment(ctx, input)),
  importCsv: managers.input(importPaymentsInput).mutation(({ ctx, input }) => importPayments(ctx, input)),
  promises: staff.input(promiseListInput).query(({ ctx, input }) => listPromises(ctx, input)),
  proposeFollowUps: staff.input(teamOnlyInput).mutation(({ ctx, input }) => proposeFollowUps(ctx, input)),
  followUps: staff.input(followUpsInput).query(({ ctx, input }) => listFollowUps(ctx, input)),
});
