import {
  agentsInput,
  createUserInput,
  resetPasswordInput,
  setComplaintChannelInput,
  setUserActiveInput,
} from '../../../shared/schemas/admin';
import { roleProcedure, router } from '../../trpc/init';
import {
  changeComplaintChannel,
  changeUserActive,
  createUser,
  getAgents,
  getTeams,
  getUsers,
  resetPassword,
} from './admin.service';

const admin = roleProcedure('admin');

export const adminRouter = router({
  users: admin.query(({ ctx }) => getUsers(ctx)),
  teams: admin.query(({ ctx }) => getTeams(ctx)),
  agents: admin.input(agentsInput).query(({ ctx, input }) => getAgents(ctx, input)),
  createUser: admin.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx, input)),
  setUserActive: admin.input(setUserActiveInput).mutation(({ ctx, input }) => changeUserActive(ctx, input)),
  resetPassword: admin.input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx, input)),
  setComplaintChannel: admin
    .input(setComplaintChannelInput)
    .mutation(({ ctx, input }) => changeComplaintChannel(ctx, input)),
});
