/**
 * The record of each import (SPEC §8.3: who, when, which file, what it did): made when the import starts, so the
 * browser can show its progress, advanced after each batch and closed with the counts, the row problems (as codes,
 * shown in the reader's language) and the rejected rows to download.
 */
import { createHash } from 'node:crypto';
import type { ImportRowError, ImportSummary } from '../../../shared/domain/intake';
import { formatErrorMessage, type Locale } from '../../../shared/errors';
import { storableText } from '../../../shared/text';
import { appendAudit } from '../audit/audit.service';
import { parseSheet } from './intake.parse';
import { finishRun, insertRun, type RunOutcome, setRunProgress } from './intake.repo';
import type { ImportRequest, IntakeContext, ParsedSheet } from './intake.types';
import type { RowProblem } from './intake.validate';

/** How many row problems a run lists (all are counted): the record and the answer stay small for any file. */
export const ERRORS_LISTED = 1_000;
/** How many rejected rows a run keeps for download (with the header first). */
export const REJECTED_ROWS_KEPT = 10_000;

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Starts the record of an import (status running, its rows counted) and answers its id at once: the browser runs
 * the import itself in the background with `runImport({ ...req, runId })`. An unreadable file is refused here.
 */
export async function createRun(ctx: IntakeContext, req: ImportRequest, sheet?: ParsedSheet): Promise<string> {
  const rows = (sheet ?? (await parseSheet(req.file))).rows.length;
  return insertRun(ctx.db, {
    teamId: req.teamId,
    channel: req.channel,
    source: req.source ?? null,
    fileName: req.file.fileName,
    fileSha256: sha256(req.file.bytes),
    uploadId: req.uploadId ?? null,
    actorUserId: ctx.actor.userId,
    tokenId: ctx.actor.tokenId,
    dryRun: req.dryRun,
    allOrNothing: req.allOrNothing,
    totalRows: rows,
    startedAt: ctx.now(),
  });
}

/** After each batch: the run's progress, and the caller's progress bar. */
export async function reportProgress(
  ctx: IntakeContext,
  req: ImportRequest,
  runId: string,
  done: number,
  total: number,
) {
  await setRunProgress(ctx.db, runId, done, total);
  await req.onProgress?.(done, total);
}

/** A row problem in a reader's language. */
export function rowError(p: RowProblem, locale: Locale): ImportRowError {
  return { row: p.row, column: p.column, code: p.code, message: formatErrorMessage(p.code, locale, p.params) };
}

export interface RunTotals {
  created: number;
  updated: number;
  unchanged: number;
  needsLocation: number;
}

/**
 * Closes the run (done, refused or failed) with what it did, audits it once (not once per row: a file may have
 * 100,000) and answers the summary every way in prints.
 */
export async function closeRun(
  ctx: IntakeContext,
  req: ImportRequest,
  runId: string,
  sheet: ParsedSheet,
  r: { status: RunOutcome['status']; totals: RunTotals; problems: RowProblem[]; ignored: string[]; failure?: string },
): Promise<ImportSummary & { runId: string }> {
  const problems = [...r.problems].sort((a, b) => a.row - b.row);
  const rejectedRows = [...new Set(problems.map((p) => p.row))];
  const kept = rejectedRows
    .slice(0, REJECTED_ROWS_KEPT)
    // Cells are kept as text whatever they hold (a NUL or half an emoji cannot be stored as it came).
    // The file's row number leads each kept row: the download names the row even past the listed problems.
    .map((row) => [String(row), ...(sheet.rows[row - 1] ?? []).map((cell) => storableText(cell))]);
  const listed = problems.slice(0, ERRORS_LISTED);
  const outcome: RunOutcome = {
    status: r.status,
    processedRows: sheet.rows.length,
    ...r.totals,
    rejected: rejectedRows.length,
    ignoredColumns: r.ignored.map((h) => storableText(h)),
    errors: listed.map((p) => ({ row: p.row, column: p.column, code: p.code, params: p.params })),
    rejectedRows: [['row', ...sheet.header.map((h) => storableText(h))], ...kept],
    failure: r.failure ?? null,
    finishedAt: ctx.now(),
  };
  await ctx.db.transaction(async (tx) => {
    await finishRun(tx, runId, outcome);
    await appendAudit(tx, {
      actorUserId: ctx.actor.userId,
      teamId: req.teamId,
      action: 'intake.import',
      entityType: 'import_run',
      entityId: runId,
      after: {
        channel: req.channel,
        tokenId: ctx.actor.tokenId,
        fileName: storableText(req.file.fileName),
        fileSha256: sha256(req.file.bytes),
        dryRun: req.dryRun,
        allOrNothing: req.allOrNothing,
        status: r.status,
        rows: sheet.rows.length,
        ...r.totals,
        rejected: rejectedRows.length,
      },
      at: ctx.now(),
    });
  });
  // In the documented order of the summary every way in prints (rows, created, updated, unchanged, rejected, …).
  return {
    runId,
    rows: sheet.rows.length,
    created: r.totals.created,
    updated: r.totals.updated,
    unchanged: r.totals.unchanged,
    rejected: rejectedRows.length,
    needsLocation: r.totals.needsLocation,
    errors: listed.map((p) => rowError(p, ctx.locale)),
  };
}
