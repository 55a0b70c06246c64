/**
 * Case intake (SPEC §8.3): one import of a lender's file, whichever way it came in (browser, command line, API).
 * The file is read, its columns mapped (given, saved for the source, or guessed), every row checked, then written
 * in batches: upsert by loan_ref within the team, a paid or closed case's future visits retired through dispatch's
 * one cancel path, the run recorded and audited once.
 */
import type { ColumnMapping, ImportSummary } from '../../../shared/domain/intake';
import { guessMapping, ignoredColumns } from '../../../shared/domain/intake-guess';
import { AppError } from '../../../shared/errors';
import type { Env } from '../../env';
import type { CancelledVisit } from '../dispatch/dispatch.cancel';
import { announceVisit } from '../live/live.bus';
import { readTeamZone } from '../policy/policy.service';
import { type BatchTeam, countPlan, failureText, planAndLocate, writeBatch } from './intake.batch';
import type { Located } from './intake.locate';
import { parseSheet } from './intake.parse';
import { findMapping, saveMapping } from './intake.repo';
import { closeRun, createRun, type RunTotals, reportProgress } from './intake.runs';
import type { ImportRequest, IntakeContext, ParsedSheet } from './intake.types';
import { type CheckedRow, checkRows, columnIndex, type RowProblem } from './intake.validate';

export { createRun } from './intake.runs';

/** Rows written per transaction: large enough for set-based SQL to pay, small enough to hold locks briefly. */
export const BATCH_ROWS = 1_000;
const FALLBACK_ZONE = 'Asia/Shanghai';

/**
 * The server passes its configuration: the zone of a team without one, and whether live events go through
 * PostgreSQL's NOTIFY. The command line has none and announces in process (nobody listens; nothing fails).
 */
export type ImportContext = IntakeContext & { env?: Env };

async function mappingFor(ctx: ImportContext, req: ImportRequest, header: string[]): Promise<ColumnMapping> {
  if (req.mapping) {
    if (req.source && !req.dryRun) {
      await saveMapping(ctx.db, {
        teamId: req.teamId,
        source: req.source,
        mapping: req.mapping as Record<string, string | null>,
        updatedBy: ctx.actor.userId,
        at: ctx.now(),
      });
    }
    return req.mapping;
  }
  const saved = req.source ? await findMapping(ctx.db, req.teamId, req.source) : null;
  return (saved as ColumnMapping | null) ?? guessMapping(header);
}

function batchesOf<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_ROWS) out.push(items.slice(i, i + BATCH_ROWS));
  return out;
}

const noTotals = (): RunTotals => ({ created: 0, updated: 0, unchanged: 0, needsLocation: 0 });

function addTotals(into: RunTotals, add: RunTotals) {
  into.created += add.created;
  into.updated += add.updated;
  into.unchanged += add.unchanged;
  into.needsLocation += add.needsLocation;
}

/** Tells the boards about visits the import cancelled, after their commit; a failed broadcast fails nothing. */
async function announceCancelled(ctx: ImportContext, cancelled: CancelledVisit[]) {
  const deps = { db: ctx.db, log: ctx.log, now: ctx.now, env: ctx.env ?? ({} as Env) };
  for (const v of cancelled) await announceVisit(deps, v.teamId, 'visit.cancel', v.visitId);
}

/** Runs (or on a dry run, checks) one import; the summary is what the browser, CLI and API all answer. */
export async function runImport(
  ctx: ImportContext,
  req: ImportRequest & { runId?: string },
): Promise<ImportSummary & { runId: string }> {
  let sheet: ParsedSheet;
  try {
    sheet = await parseSheet(req.file);
  } catch (err) {
    // A file that cannot be read is recorded too: who sent what, and why nothing came of it.
    const empty: ParsedSheet = { header: [], rows: [], format: 'csv' };
    await failRun(ctx, req, req.runId ?? (await createRun(ctx, req, empty)), empty, err);
    throw err;
  }
  const runId = req.runId ?? (await createRun(ctx, req, sheet));
  try {
    return await importSheet(ctx, req, runId, sheet);
  } catch (err) {
    await failRun(ctx, req, runId, sheet, err);
    throw err;
  }
}

async function failRun(ctx: ImportContext, req: ImportRequest, runId: string, sheet: ParsedSheet, err: unknown) {
  try {
    await closeRun(ctx, req, runId, sheet, {
      status: 'failed',
      totals: noTotals(),
      problems: [],
      ignored: [],
      failure: failureText(err),
    });
  } catch (closing) {
    ctx.log.error({ err: closing }, 'import run could not be closed as failed');
  }
}

async function importSheet(ctx: ImportContext, req: ImportRequest, runId: string, sheet: ParsedSheet) {
  const mapping = await mappingFor(ctx, req, sheet.header);
  const index = columnIndex(sheet.header, mapping);
  const ignored = ignoredColumns(sheet.header, mapping);
  if (index.loan_ref < 0) throw new AppError('IMPORT_NO_LOAN_REF_COLUMN');
  const checked = checkRows(sheet.rows, index);
  const problems: RowProblem[] = checked.flatMap((r) => r.problems);
  const batches = batchesOf(checked.filter((r) => r.values));
  const team: BatchTeam = {
    id: req.teamId,
    timeZone: await readTeamZone(ctx.db, req.teamId, ctx.env?.TZ_DEFAULT ?? FALLBACK_ZONE),
  };
  const totals = noTotals();
  const total = sheet.rows.length;
  let done = 0;
  const progress = async (batch: CheckedRow[]) => {
    done = Math.max(done, batch.at(-1)?.row ?? done);
    await reportProgress(ctx, req, runId, done, total);
  };

  if (req.dryRun || req.allOrNothing) {
    // Everything is checked before anything is written: a dry run stops here, all-or-nothing writes only if clean.
    const located: Array<Map<number, Located>> = [];
    for (const batch of batchesOf(checked.filter((r) => r.values))) {
      const planned = await planAndLocate(ctx, team, batch);
      const counted = countPlan(planned.plan, planned.located);
      problems.push(...counted.problems);
      addTotals(totals, counted);
      located.push(planned.located);
      if (req.dryRun) await progress(batch);
    }
    if (req.dryRun) return closeRun(ctx, req, runId, sheet, { status: 'done', totals, problems, ignored });
    if (problems.length > 0)
      return closeRun(ctx, req, runId, sheet, { status: 'refused', totals: noTotals(), problems, ignored });
    return writeAll(ctx, req, runId, sheet, { team, batches, located, problems, ignored, progress });
  }
  return writeAll(ctx, req, runId, sheet, { team, batches, located: [], problems, ignored, progress });
}

/** Writes every batch (locating first what the all-or-nothing pass has not located yet) and closes the run. */
async function writeAll(
  ctx: ImportContext,
  req: ImportRequest,
  runId: string,
  sheet: ParsedSheet,
  w: {
    team: BatchTeam;
    batches: CheckedRow[][];
    located: Array<Map<number, Located>>;
    problems: RowProblem[];
    ignored: string[];
    progress: (batch: CheckedRow[]) => Promise<void>;
  },
) {
  const totals = noTotals();
  for (const [i, batch] of w.batches.entries()) {
    const planned = w.located[i] ?? (await planAndLocate(ctx, w.team, batch)).located;
    const result = await writeBatch(ctx, w.team, batch, planned);
    addTotals(totals, result);
    w.problems.push(...result.problems);
    await announceCancelled(ctx, result.cancelled);
    await w.progress(batch);
  }
  return closeRun(ctx, req, runId, sheet, { status: 'done', totals, problems: w.problems, ignored: w.ignored });
}
