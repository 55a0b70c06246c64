import { BOARD_EDITORS } from '../../../shared/domain/permissions';
import {
  crewDayInput,
  generateCrewsInput,
  mergeCrewsInput,
  renameCrewInput,
  splitCrewInput,
  swapCrewMembersInput,
} from '../../../shared/schemas/crews';
import { roleProcedure, router } from '../../trpc/init';
import { getCrewDay } from './crews.day';
import { mergeCrews, renameCrew, splitCrew, swapCrewMembers } from './crews.edit';
import { generateCrews } from './crews.generate';

/** Dispatchers change their teams' crews, admins every team's; managers see them. */
const editors = roleProcedure(...BOARD_EDITORS);

export const crewsRouter = router({
  day: roleProcedure('dispatcher', 'manager', 'admin')
    .input(crewDayInput)
    .query(({ ctx, input }) => getCrewDay(ctx, input)),
  generate: editors.input(generateCrewsInput).mutation(({ ctx, input }) => generateCrews(ctx, input)),
  swap: editors.input(swapCrewMembersInput).mutation(({ ctx, input }) => swapCrewMembers(ctx, input)),
  split: editors.input(splitCrewInput).mutation(({ ctx, input }) => splitCrew(ctx, input)),
  merge: editors.input(mergeCrewsInput).mutation(({ ctx, input }) => mergeCrews(ctx, input)),
  rename: editors.input(renameCrewInput).mutation(({ ctx, input }) => renameCrew(ctx, input)),
});
