import {
  createUserInput,
  resetPasswordInput,
  setComplaintChannelInput,
  setUserActiveInput,
} from '../../../shared/schemas/admin';
import {
  agentOptionsInput,
  agentsInput,
  createAgentInput,
  setAgentPhotoInput,
  updateAgentInput,
} from '../../../shared/schemas/agents';
import { idInput } from '../../../shared/schemas/common';
import { roleProcedure, router } from '../../trpc/init';
import { getAgent, getAgentOptions, getAgents, setAgentPhoto } from '../agents/agents.service';
import { changeAgent, createAgent } from '../agents/agents.write';
import {
  changeComplaintChannel,
  changeUserActive,
  createUser,
  getTeams,
  getUsers,
  resetPassword,
} from './admin.service';

const admin = roleProcedure('admin');

export const adminRouter = router({
  users: admin.query(({ ctx }) => getUsers(ctx)),
  teams: admin.query(({ ctx }) => getTeams(ctx)),
  agents: admin.input(agentsInput).query(({ ctx, input }) => getAgents(ctx, input)),
  agent: admin.input(idInput).query(({ ctx, input }) => getAgent(ctx, input.id)),
  agentOptions: admin.input(agentOptionsInput).query(({ ctx, input }) => getAgentOptions(ctx, input)),
  createAgent: admin.input(createAgentInput).mutation(({ ctx, input }) => createAgent(ctx, input)),
  updateAgent: admin.input(updateAgentInput).mutation(({ ctx, input }) => changeAgent(ctx, input)),
  setAgentPhoto: admin.input(setAgentPhotoInput).mutation(({ ctx, input }) => setAgentPhoto(ctx, input)),
  createUser: admin.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx, input)),
  setUserActive: admin.input(setUserActiveInput).mutation(({ ctx, input }) => changeUserActive(ctx, input)),
  resetPassword: admin.input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx, input)),
  setComplaintChannel: admin
    .input(setComplaintChannelInput)
    .mutation(({ ctx, input }) => changeComplaintChannel(ctx, input)),
});
