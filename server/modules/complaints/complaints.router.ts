import {
  assignComplaintInput,
  complaintListInput,
  createComplaintInput,
  resolveComplaintInput,
  teamOnlyInput,
} from '../../../shared/schemas/oversight';
import { roleProcedure, router } from '../../trpc/init';
import { assignComplaint, createComplaint, listComplaints, listHandlers, resolveComplaint } from './complaints.service';

// Dispatchers take complaints on the phone too; managers decide on them.
const staff = roleProcedure('manager', 'dispatcher', 'admin');
const managers = roleProcedure('manager', 'admin');

export const complaintsRouter = router({
  list: staff.input(complaintListInput).query(({ ctx, input }) => listComplaints(ctx, input)),
  handlers: staff.input(teamOnlyInput).query(({ ctx, input }) => listHandlers(ctx, input)),
  create: staff.input(createComplaintInput).mutation(({ ctx, input }) => createComplaint(ctx, input)),
  assign: managers.input(assignComplaintInput).mutation(({ ctx, input }) => assignComplaint(ctx, input)),
  resolve: managers.input(resolveComplaintInput).mutation(({ ctx, input }) => resolveComplaint(ctx, input)),
});
