/**
 * Case intake (SPEC §8.3): one import of a lender's file, whichever way it came in. FOUNDATION STUB: the rows slice
 * implements `runImport` (validate every row, upsert by loan_ref within the team, retire paid/closed cases' future
 * visits through dispatch's one cancel path, record the run, audit).
 */
import type { ImportSummary } from '../../../shared/domain/intake';
import type { ImportRequest, IntakeContext } from './intake.types';

/** Runs (or on a dry run, checks) one import; the summary is what the browser, CLI and API all answer. */
export async function runImport(_ctx: IntakeContext, _req: ImportRequest): Promise<ImportSummary & { runId: string }> {
  throw new Error('runImport: not implemented yet');
}
