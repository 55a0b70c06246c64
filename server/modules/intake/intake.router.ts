import {
  importRunInput,
  importTeamInput,
  importUploadInput,
  startImportInput,
} from '../../../shared/schemas/intake-browser';
import { roleProcedure, router } from '../../trpc/init';
import { getRun, recentRuns, savedSources, startImport, validateUpload } from './intake.browser';

const importers = roleProcedure('dispatcher', 'admin');

/** The browser's case import (SPEC §8.3); the file itself arrives on POST /api/v1/imports/uploads (uploads.http.ts). */
export const intakeRouter = router({
  validate: importers.input(importUploadInput).mutation(({ ctx, input }) => validateUpload(ctx, input)),
  start: importers.input(startImportInput).mutation(({ ctx, input }) => startImport(ctx, input)),
  run: importers.input(importRunInput).query(({ ctx, input }) => getRun(ctx, input.runId)),
  runs: importers.input(importTeamInput).query(({ ctx, input }) => recentRuns(ctx, input.teamId)),
  sources: importers.input(importTeamInput).query(({ ctx, input }) => savedSources(ctx, input.teamId)),
});
