import { ROSTER_EDITORS } from '../../../shared/domain/permissions';
import {
  addExceptionInput,
  createPatternInput,
  endPatternInput,
  regenerateInput,
  removeExceptionInput,
  rosterRangeInput,
  setShiftInput,
  updatePatternInput,
} from '../../../shared/schemas/roster';
import { roleProcedure, router } from '../../trpc/init';
import { addException, removeException } from './roster.exceptions';
import { createPattern, endPattern, updatePattern } from './roster.patterns';
import { rosterRange } from './roster.read';
import { regenerateTeam, setShift } from './roster.shifts';

const editors = roleProcedure(...ROSTER_EDITORS);

export const rosterRouter = router({
  range: roleProcedure('dispatcher', 'manager', 'admin')
    .input(rosterRangeInput)
    .query(({ ctx, input }) => rosterRange(ctx, input)),
  createPattern: editors.input(createPatternInput).mutation(({ ctx, input }) => createPattern(ctx, input)),
  updatePattern: editors.input(updatePatternInput).mutation(({ ctx, input }) => updatePattern(ctx, input)),
  endPattern: editors.input(endPatternInput).mutation(({ ctx, input }) => endPattern(ctx, input)),
  addException: editors.input(addExceptionInput).mutation(({ ctx, input }) => addException(ctx, input)),
  removeException: editors.input(removeExceptionInput).mutation(({ ctx, input }) => removeException(ctx, input)),
  setShift: editors.input(setShiftInput).mutation(({ ctx, input }) => setShift(ctx, input)),
  regenerate: editors.input(regenerateInput).mutation(({ ctx, input }) => regenerateTeam(ctx, input)),
});
