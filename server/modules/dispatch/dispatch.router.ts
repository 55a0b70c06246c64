import { BOARD_EDITORS } from '../../../shared/domain/permissions';
import { teamDayInput } from '../../../shared/schemas/common';
import {
  checkMoveInput,
  placeVisitInput,
  setPinnedInput,
  teamDaysInput,
  teamsPageInput,
  unassignVisitInput,
} from '../../../shared/schemas/dispatch';
import { roleProcedure, router } from '../../trpc/init';
import { getBoard } from './dispatch.board';
import { checkMove, placeVisit, setPinned, unassignVisit } from './dispatch.service';
import { teamDays } from './dispatch.team-days';
import { teamsPage } from './dispatch.teams-page';

const planners = roleProcedure(...BOARD_EDITORS);

export const dispatchRouter = router({
  day: roleProcedure('dispatcher', 'manager', 'admin')
    .input(teamDayInput)
    .query(({ ctx, input }) => getBoard(ctx, input)),
  /** Several teams' days counted per team and day (the week overview of "All my teams"). */
  teamDays: roleProcedure('dispatcher', 'manager', 'admin')
    .input(teamDaysInput)
    .query(({ ctx, input }) => teamDays(ctx, input)),
  /** The caller's teams and the boards of one page of them on a day: the first screen of "All my teams". */
  teamsPage: roleProcedure('dispatcher', 'manager', 'admin')
    .input(teamsPageInput)
    .query(({ ctx, input }) => teamsPage(ctx, input)),
  checkMove: planners.input(checkMoveInput).query(({ ctx, input }) => checkMove(ctx, input)),
  assign: planners.input(placeVisitInput).mutation(({ ctx, input }) => placeVisit(ctx, input, 'assign')),
  move: planners.input(placeVisitInput).mutation(({ ctx, input }) => placeVisit(ctx, input, 'move')),
  unassign: planners.input(unassignVisitInput).mutation(({ ctx, input }) => unassignVisit(ctx, input)),
  setPinned: planners.input(setPinnedInput).mutation(({ ctx, input }) => setPinned(ctx, input)),
});
