/** Inputs of the browser's import page (intake.*): an upload checked or imported with a mapping, runs read back. */
import { z } from 'zod';
import { CASE_IMPORT_COLUMNS, type CaseImportColumn } from '../domain/intake';
import { id, idempotencyKey, text } from './common';

/** A header of the lender's file, as the mapping names it. */
const headerName = text({ max: 200 });

/** Template column → the file's header it is read from (absent: not in this file). */
export const columnMappingInput = z
  .object(
    Object.fromEntries(CASE_IMPORT_COLUMNS.map((c) => [c, headerName.optional()])) as {
      [K in CaseImportColumn]: z.ZodOptional<typeof headerName>;
    },
  )
  .strict();

/** The lender system's name: files from it are mapped the same way next time (blank: none). */
export const importSource = text({ max: 100 }).optional();

export const importUploadInput = z.object({ uploadId: id, source: importSource, mapping: columnMappingInput });
export type ImportUploadInput = z.infer<typeof importUploadInput>;

export const startImportInput = importUploadInput.extend({ allOrNothing: z.boolean(), idempotencyKey });
export type StartImportInput = z.infer<typeof startImportInput>;

export const importRunInput = z.object({ runId: id });
export const importTeamInput = z.object({ teamId: id });
