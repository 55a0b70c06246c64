import {
  createBaseInput,
  createTeamInput,
  setBaseActiveInput,
  setTeamPolicyInput,
  teamIdInput,
  updateBaseInput,
  updateTeamInput,
} from '../../../shared/schemas/teams';
import { authedProcedure, roleProcedure, router } from '../../trpc/init';
import { createBase, setBaseActive, teamBases, updateBase } from './bases.service';
import { setupChecklist } from './setup-checklist.service';
import { listVisibleTeams } from './teams.service';
import { createTeam, policyVersions, setTeamPolicy, updateTeam } from './teams.setup';

const admin = roleProcedure('admin');
const staff = roleProcedure('admin', 'dispatcher');

export const teamsRouter = router({
  list: authedProcedure.query(({ ctx }) => listVisibleTeams(ctx)),
  create: admin.input(createTeamInput).mutation(({ ctx, input }) => createTeam(ctx, input)),
  update: admin.input(updateTeamInput).mutation(({ ctx, input }) => updateTeam(ctx, input)),
  setPolicy: admin.input(setTeamPolicyInput).mutation(({ ctx, input }) => setTeamPolicy(ctx, input)),
  policyVersions: admin.input(teamIdInput).query(({ ctx, input }) => policyVersions(ctx, input)),
  bases: staff.input(teamIdInput).query(({ ctx, input }) => teamBases(ctx, input)),
  createBase: admin.input(createBaseInput).mutation(({ ctx, input }) => createBase(ctx, input)),
  updateBase: admin.input(updateBaseInput).mutation(({ ctx, input }) => updateBase(ctx, input)),
  setBaseActive: admin.input(setBaseActiveInput).mutation(({ ctx, input }) => setBaseActive(ctx, input)),
  setupChecklist: admin.query(({ ctx }) => setupChecklist(ctx)),
});
