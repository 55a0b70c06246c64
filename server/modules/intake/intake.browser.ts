/**
 * The browser's way in (SPEC §8.3): a dispatcher uploads a file, maps its columns, checks every row (a dry run),
 * then imports it while the page polls the run's progress. The import itself is `runImport`, the same for every
 * way in; this file keeps the uploaded file for the day, scopes every step to the user's teams, and runs the
 * real import in the background so a large file does not hold the request open.
 */
import { createHash } from 'node:crypto';
import type { ImportRowErrorRecord } from '../../../drizzle/schema/intake';
import type { Role } from '../../../shared/domain/constants';
import type { ColumnMapping, ImportRowError, ImportSummary } from '../../../shared/domain/intake';
import { guessMapping, ignoredColumns } from '../../../shared/domain/intake-guess';
import { AppError, formatErrorMessage, type Locale } from '../../../shared/errors';
import type { ImportUploadInput, StartImportInput } from '../../../shared/schemas/intake-browser';
import { localDate } from '../../../shared/time';
import { iso } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { once } from '../idempotency/idempotency.service';
import { readTeamZone } from '../policy/policy.service';
import { assertTeamAccess } from '../scope';
import { getAccessibleTeam } from '../teams/teams.service';
import { parseSheet } from './intake.parse';
import { rejectedRowsCsv } from './intake.rejected-csv';
import { findMapping } from './intake.repo';
import { ERRORS_LISTED, rowError } from './intake.runs';
import { createRun, type ImportContext, runImport } from './intake.service';
import type { ImportRequest, IncomingFile, IntakeContext } from './intake.types';
import {
  deleteUploadsBefore,
  failRunsStartedBefore,
  findRun,
  findRunProblems,
  findUpload,
  insertUpload,
  listRecentRuns,
  listSources,
  markRunFailed,
  type RunRow,
  type StoredUpload,
} from './intake.uploads.repo';
import type { RowProblem } from './intake.validate';

/** Who may import cases: the team's dispatchers, and admins (SPEC §8.3). */
const IMPORTERS: readonly Role[] = ['dispatcher', 'admin'];
/** An upload is kept this long for mapping and checking; its runs keep the file's name and hash for good. */
export const UPLOAD_KEPT_MS = 24 * 60 * 60 * 1000;
/**
 * A run still "running" this long after it started was left by a process that stopped: the largest file imports in
 * minutes, so it is closed as failed (on the next upload) rather than shown as running for ever.
 */
export const RUN_ABANDONED_MS = 60 * 60 * 1000;
const RUN_ABANDONED =
  'interrupted: the server stopped before this import finished; import the file again (safe: rows already written count as unchanged)';
const PREVIEW_ROWS = 10;
/** Row problems sent to the page at once; the download has every kept one. */
const PROBLEMS_SHOWN = 1_000;

/** The types a browser gives CSV and XLSX files (Windows often calls a CSV an Excel file), or none at all. */
export const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const;

function mayImport(ctx: AuthedContext, teamId: string) {
  if (!IMPORTERS.includes(ctx.user.role)) throw new AppError('FORBIDDEN');
  assertTeamAccess(ctx.user, teamId);
}

/** The context an import runs in for a signed-in user (with the server's configuration: zone default, live bus). */
function intakeContext(ctx: AuthedContext): ImportContext {
  return {
    env: ctx.env,
    db: ctx.db,
    log: ctx.log,
    locale: ctx.locale,
    now: ctx.now,
    actor: { userId: ctx.user.id, tokenId: null },
    geocoderUrl: ctx.env.GEOCODER_URL ?? null,
  };
}

export interface UploadedFile {
  teamId: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  source: string | null;
}

/**
 * POST /api/v1/imports/uploads: keeps the file for a day and answers what the mapping step needs — the header,
 * the first rows, the mapping saved for the source (else one guessed from the header) and the ignored columns.
 * An unreadable file is refused with the parser's reason and not kept; older uploads are deleted on the way.
 */
export async function receiveUpload(ctx: AuthedContext, file: UploadedFile) {
  mayImport(ctx, file.teamId);
  await getAccessibleTeam(ctx, file.teamId);
  const type = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type && !(UPLOAD_TYPES as readonly string[]).includes(type)) throw new AppError('IMPORT_UPLOAD_TYPE');
  const now = ctx.now();
  await deleteUploadsBefore(ctx.db, new Date(now.getTime() - UPLOAD_KEPT_MS));
  await failRunsStartedBefore(ctx.db, new Date(now.getTime() - RUN_ABANDONED_MS), RUN_ABANDONED, now);
  const incoming: IncomingFile = { bytes: file.bytes, fileName: file.fileName, contentType: type };
  const sheet = await parseSheet(incoming);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const uploadId = await insertUpload(ctx.db, {
    teamId: file.teamId,
    fileName: file.fileName,
    contentType: type,
    sha256,
    bytes: file.bytes,
    uploadedBy: ctx.user.id,
    createdAt: now,
  });
  const mapping = await offeredMapping(ctx, file.teamId, file.source, sheet.header);
  return {
    uploadId,
    fileName: file.fileName,
    sha256,
    format: sheet.format,
    encoding: sheet.encoding ?? null,
    delimiter: sheet.delimiter ?? null,
    header: sheet.header,
    rowCount: sheet.rows.length,
    preview: sheet.rows.slice(0, PREVIEW_ROWS),
    mapping,
    ignoredColumns: ignoredColumns(sheet.header, mapping),
  };
}

/**
 * The mapping to offer for a file: the one saved for its source (only the headers this file has), else one guessed
 * from its header.
 */
async function offeredMapping(ctx: AuthedContext, teamId: string, source: string | null, header: string[]) {
  const saved = source ? await findMapping(ctx.db, teamId, source) : null;
  if (!saved) return guessMapping(header);
  const present = new Set(header);
  return Object.fromEntries(
    Object.entries(saved).map(([column, from]) => [column, from && present.has(from) ? from : null]),
  ) as ColumnMapping;
}

/** An upload of a team the user imports for, kept less than a day; anything else reads as gone. */
async function openUpload(ctx: AuthedContext, uploadId: string): Promise<StoredUpload> {
  const upload = await findUpload(ctx.db, uploadId, new Date(ctx.now().getTime() - UPLOAD_KEPT_MS));
  if (!upload) throw new AppError('IMPORT_UPLOAD_GONE');
  try {
    mayImport(ctx, upload.teamId);
  } catch {
    throw new AppError('IMPORT_UPLOAD_GONE');
  }
  return upload;
}

function importRequest(upload: StoredUpload, input: ImportUploadInput, dryRun: boolean, allOrNothing: boolean) {
  return {
    teamId: upload.teamId,
    channel: 'browser',
    file: { bytes: upload.bytes, fileName: upload.fileName, contentType: upload.contentType },
    source: input.source || null,
    mapping: input.mapping as ColumnMapping,
    dryRun,
    allOrNothing,
    uploadId: upload.id,
  } satisfies ImportRequest;
}

/** intake.validate: every row checked as the import would take it (nothing written), with the reasons. */
export async function validateUpload(ctx: AuthedContext, input: ImportUploadInput) {
  const upload = await openUpload(ctx, input.uploadId);
  const { runId, ...summary } = await runImport(intakeContext(ctx), importRequest(upload, input, true, false));
  return { runId, ...shownSummary(summary) };
}

const inFlight = new Map<string, Promise<void>>();

/** Resolves when the background import of `runId` in this process has ended (at once when none is running). */
export function runSettled(runId: string): Promise<void> {
  return inFlight.get(runId) ?? Promise.resolve();
}

/**
 * intake.start: records the run and answers its id at once; the import goes on in the background and writes its
 * progress on the run, which the page polls. A replayed key answers the same run and starts nothing. A run that
 * breaks off is recorded as failed on the run — never an unhandled rejection.
 */
export async function startImport(ctx: AuthedContext, input: StartImportInput): Promise<{ runId: string }> {
  const upload = await openUpload(ctx, input.uploadId);
  const ictx = intakeContext(ctx);
  const req = importRequest(upload, input, false, input.allOrNothing);
  let started = false;
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'intake.start' }, async () => {
      started = true;
      return { runId: await createRun({ ...ictx, db: tx as unknown as IntakeContext['db'] }, req) };
    }),
  );
  if (started) {
    const { runId } = result;
    const job = runImport(ictx, { ...req, runId })
      .then(() => undefined)
      .catch(async (err: unknown) => {
        ctx.log.error({ err, runId }, 'import run failed');
        const failure = err instanceof Error ? err.message : String(err);
        await markRunFailed(ctx.db, runId, failure, ctx.now()).catch((e: unknown) =>
          ctx.log.error({ err: e, runId }, 'could not record the failed import'),
        );
      })
      .finally(() => inFlight.delete(runId));
    inFlight.set(runId, job);
  }
  return result;
}

/** A row problem kept on a run (a code and its details), in the reader's language. */
function rowProblemMessage(e: ImportRowErrorRecord, locale: Locale): string {
  return rowError(e as RowProblem, locale).message;
}

function shownSummary(summary: ImportSummary) {
  return { ...summary, errors: summary.errors.slice(0, PROBLEMS_SHOWN), errorCount: summary.errors.length };
}

function runDto(run: RunRow) {
  return {
    id: run.id,
    teamId: run.teamId,
    channel: run.channel,
    source: run.source,
    fileName: run.fileName,
    fileSha256: run.fileSha256,
    status: run.status,
    allOrNothing: run.allOrNothing,
    totalRows: run.totalRows,
    processedRows: run.processedRows,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    rejected: run.rejected,
    needsLocation: run.needsLocation,
    ignoredColumns: run.ignoredColumns,
    failure: run.failure,
    by: run.actorName ?? run.tokenName,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
  };
}

/** A run of a team the user imports for, else IMPORT_RUN_NOT_FOUND (also for another team's: it tells nothing). */
async function openRun(ctx: AuthedContext, runId: string): Promise<RunRow> {
  const run = await findRun(ctx.db, runId);
  if (!run) throw new AppError('IMPORT_RUN_NOT_FOUND');
  try {
    mayImport(ctx, run.teamId);
  } catch {
    throw new AppError('IMPORT_RUN_NOT_FOUND');
  }
  return run;
}

/** intake.run: where a run is (processed of total) and, once ended, what it did and its row problems. */
export async function getRun(ctx: AuthedContext, runId: string) {
  const run = await openRun(ctx, runId);
  const ended = run.status !== 'running';
  const problems = ended ? await findRunProblems(ctx.db, runId) : null;
  const errors: ImportRowError[] = (problems?.errors ?? []).slice(0, PROBLEMS_SHOWN).map((e) => ({
    row: e.row,
    column: e.column,
    code: e.code,
    message: rowProblemMessage(e, ctx.locale),
  }));
  return { ...runDto(run), errors };
}

/** intake.runs: the team's recent imports — who, when, which file (name and hash), what they did, which way in. */
export async function recentRuns(ctx: AuthedContext, teamId: string) {
  mayImport(ctx, teamId);
  return (await listRecentRuns(ctx.db, teamId, 20)).map(runDto);
}

/** intake.sources: the team's source names with a saved mapping, offered as the page's suggestions. */
export async function savedSources(ctx: AuthedContext, teamId: string): Promise<string[]> {
  mayImport(ctx, teamId);
  return listSources(ctx.db, teamId);
}

/**
 * GET /api/v1/imports/:runId/rejected.csv: the rows a run rejected as the file had them, each with its row number
 * and its reasons in the reader's language; formula-looking cells are neutralised (rejectedRowsCsv).
 */
export async function rejectedRowsFile(ctx: AuthedContext, runId: string) {
  const run = await openRun(ctx, runId);
  const { errors = [], rejectedRows = [] } = (await findRunProblems(ctx.db, runId)) ?? {};
  // Each kept row is led by its row number (the header by 'row').
  const [[, ...header] = [], ...cells] = rejectedRows;
  const reasons = new Map<number, string[]>();
  for (const e of errors) {
    if (e.row < 1) continue;
    const list = reasons.get(e.row) ?? [];
    list.push(`${e.column}: ${rowProblemMessage(e, ctx.locale)}`);
    reasons.set(e.row, list);
  }
  const notKept = formatErrorMessage('IMPORT_REASON_NOT_KEPT', ctx.locale, { max: ERRORS_LISTED });
  const rows = cells.map(([n = '0', ...c]) => {
    const row = Number(n);
    return { row, cells: c, problems: reasons.get(row)?.join('; ') ?? notKept };
  });
  const zone = await readTeamZone(ctx.db, run.teamId, ctx.env.TZ_DEFAULT);
  const stem = run.fileName.replace(/\.[^.]*$/, '') || 'import';
  return {
    fileName: `rejected-${stem}-${localDate(ctx.now(), zone)}.csv`,
    body: rejectedRowsCsv(header, rows),
  };
}

/** What the upload route answers: the mapping step's material. */
export type UploadAnswer = Awaited<ReturnType<typeof receiveUpload>>;
