/**
 * The machine API's rules (POST /api/v1/cases/import, GET /api/v1/imports/:runId), apart from HTTP: who may call
 * (a service token, rate-limited), what the query says, the Idempotency-Key, and the run's status. The import
 * itself is runImport's, the same as the browser's and the command line's.
 */
import type { ImportSummary } from '../../../shared/domain/intake';
import { AppError, type Locale } from '../../../shared/errors';
import { text } from '../../../shared/schemas/common';
import { iso } from '../../../shared/wire';
import type { Db } from '../../db/client';
import { onceAcross } from '../idempotency/idempotency.service';
import { attemptsSucceeded, reserveAttempts } from '../rate-limit/rate-limit.service';
import { findTeamIdByCode } from './intake.repo';
import { rowError, sha256 } from './intake.runs';
import { type ImportContext, runImport } from './intake.service';
import type { IncomingFile } from './intake.types';
import { findRun, findRunProblems } from './intake.uploads.repo';
import type { RowProblem } from './intake.validate';
import { authenticateBearer, type BearerToken } from './tokens.service';

const TEXT_MAX = 80;
const teamParam = text({ min: 1, max: TEXT_MAX });
const sourceParam = text({ min: 1, max: TEXT_MAX });
const KNOWN = new Set(['team', 'source', 'dryRun', 'allOrNothing']);

/** What the query of an import asks for, checked. */
export interface ImportQuery {
  teamCode: string;
  source: string | null;
  dryRun: boolean;
  allOrNothing: boolean;
}

function flag(query: Record<string, unknown>, parameter: string): boolean {
  const value = query[parameter];
  if (value === undefined) return false;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new AppError('API_PARAMETER_NOT_BOOLEAN', { parameter });
}

function textParam(query: Record<string, unknown>, parameter: string, required: boolean): string | null {
  const value = query[parameter];
  if (value === undefined || value === '') {
    if (required) throw new AppError('API_PARAMETER_MISSING', { parameter });
    return null;
  }
  const parsed = (parameter === 'team' ? teamParam : sourceParam).safeParse(value);
  if (!parsed.success) throw new AppError('API_PARAMETER_NOT_TEXT', { parameter, max: TEXT_MAX });
  return parsed.data;
}

/**
 * The query checked, naming the first bad parameter. An unknown one is refused rather than ignored: a job that
 * writes `dryrun=true` must not import for real.
 */
export function readImportQuery(query: Record<string, unknown>): ImportQuery {
  for (const parameter of Object.keys(query)) {
    if (!KNOWN.has(parameter)) throw new AppError('API_PARAMETER_UNKNOWN', { parameter: parameter.slice(0, 40) });
  }
  const teamCode = textParam(query, 'team', true) as string;
  return {
    teamCode,
    source: textParam(query, 'source', false),
    dryRun: flag(query, 'dryRun'),
    allOrNothing: flag(query, 'allOrNothing'),
  };
}

/**
 * The token of a request, or API_TOKEN_INVALID. Bad tokens count against the caller's address (a valid token
 * must not be found by trying many); a good one gives its attempt back.
 */
export async function admitBearer(db: Db, now: Date, req: { authorization?: string; ip: string }) {
  const attempts = await reserveAttempts(db, now, [['apiTokenMiss', req.ip]]);
  const token = await authenticateBearer(db, req.authorization, now);
  await attemptsSucceeded(db, attempts);
  return token;
}

/** The team an import is for: it must exist (404) and the token must be scoped to it (403). */
export async function teamForImport(db: Db, token: BearerToken, teamCode: string) {
  const teamId = await findTeamIdByCode(db, teamCode);
  if (!teamId) throw new AppError('API_TEAM_UNKNOWN', { team: teamCode });
  if (!token.teamIds.includes(teamId)) throw new AppError('API_TOKEN_TEAM_FORBIDDEN', { team: teamCode });
  return teamId;
}

/** Counts one import against the token's limit (429 when used up), before the file is read. */
export async function countImport(db: Db, now: Date, token: BearerToken): Promise<void> {
  await reserveAttempts(db, now, [['apiImport', token.id]]);
}

/** An import accepted by the API: the token, the team and the query, checked before the body was read. */
export interface AdmittedImport {
  token: BearerToken;
  teamId: string;
  query: ImportQuery;
}

export type ApiImportAnswer = ImportSummary & { runId: string };

/**
 * Runs the import for the API. With an Idempotency-Key, the same key, file and query answer the first run's
 * summary again (no second run); the same key with another file or query is IDEMPOTENCY_KEY_BODY_CHANGED (409).
 * Keys are the token's own: two tokens may use the same key.
 */
export async function importViaApi(
  ctx: ImportContext,
  admitted: AdmittedImport,
  file: IncomingFile,
  idempotencyKey: string | null,
): Promise<ApiImportAnswer> {
  // Refused before a run is recorded: a job that sent nothing has nothing to show in the import history.
  if (file.bytes.length === 0) throw new AppError('IMPORT_FILE_EMPTY');
  const run = () =>
    runImport(ctx, {
      teamId: admitted.teamId,
      channel: 'api',
      file,
      source: admitted.query.source,
      mapping: null,
      dryRun: admitted.query.dryRun,
      allOrNothing: admitted.query.allOrNothing,
    });
  if (idempotencyKey === null) return run();
  const request = JSON.stringify([admitted.teamId, admitted.query, sha256(file.bytes)]);
  return onceAcross(
    ctx.db,
    {
      key: `api:${admitted.token.id}:${idempotencyKey}`,
      procedure: 'api.casesImport',
      requestHash: sha256(Buffer.from(request)),
      inProgress: 'API_IDEMPOTENCY_KEY_IN_PROGRESS',
    },
    run,
  );
}

/** A run's status and what it did so far, if the token may see its team (else 404, like a run that is not there). */
export async function apiRunStatus(db: Db, locale: Locale, token: BearerToken, runId: string) {
  const run = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(runId)
    ? await findRun(db, runId)
    : null;
  if (!run || !token.teamIds.includes(run.teamId)) throw new AppError('API_IMPORT_RUN_NOT_FOUND', { runId });
  const { errors = [] } = (await findRunProblems(db, runId)) ?? {};
  const summary: ImportSummary = {
    rows: run.totalRows,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    rejected: run.rejected,
    needsLocation: run.needsLocation,
    // Stored as codes: written in this reader's language.
    errors: errors.map((e) => rowError(e as RowProblem, locale)),
  };
  return {
    runId: run.id,
    team: run.teamCode,
    channel: run.channel,
    source: run.source,
    fileName: run.fileName,
    fileSha256: run.fileSha256,
    dryRun: run.dryRun,
    allOrNothing: run.allOrNothing,
    status: run.status,
    processedRows: run.processedRows,
    ignoredColumns: run.ignoredColumns,
    failure: run.failure,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    summary,
  };
}
