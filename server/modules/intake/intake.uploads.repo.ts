/**
 * The SQL of the browser's way in: uploaded files kept while the user maps and checks them, the saved mappings
 * offered back, and the import records the page shows (one run, the team's recent runs).
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { importMappings, importRuns, importUploads, serviceTokens, teams, users } from '../../../drizzle/schema';
import type { ImportRowErrorRecord } from '../../../drizzle/schema/intake';
import type { DbOrTx } from '../../db/client';

export interface StoredUpload {
  id: string;
  teamId: string;
  fileName: string;
  contentType: string;
  sha256: string;
  bytes: Buffer;
  uploadedBy: string;
}

/** Stores an uploaded file; its id is what the page refers to while mapping and checking it. */
export async function insertUpload(db: DbOrTx, row: Omit<StoredUpload, 'id'> & { createdAt: Date }): Promise<string> {
  const [made] = await db.insert(importUploads).values(row).returning({ id: importUploads.id });
  return made?.id as string;
}

/** An upload kept since `since`, or null (never kept, or older and about to be deleted). */
export async function findUpload(db: DbOrTx, id: string, since: Date): Promise<StoredUpload | null> {
  const [row] = await db
    .select({
      id: importUploads.id,
      teamId: importUploads.teamId,
      fileName: importUploads.fileName,
      contentType: importUploads.contentType,
      sha256: importUploads.sha256,
      bytes: importUploads.bytes,
      uploadedBy: importUploads.uploadedBy,
    })
    .from(importUploads)
    .where(and(eq(importUploads.id, id), sql`${importUploads.createdAt} >= ${since}`))
    .limit(1);
  return row ?? null;
}

/** Deletes uploads made before `before` (their runs keep the file's name and hash). */
export async function deleteUploadsBefore(db: DbOrTx, before: Date): Promise<number> {
  const gone = await db
    .delete(importUploads)
    .where(lt(importUploads.createdAt, before))
    .returning({ id: importUploads.id });
  return gone.length;
}

/** The team's sources with a saved mapping, most recently used first. */
export async function listSources(db: DbOrTx, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ source: importMappings.source })
    .from(importMappings)
    .where(eq(importMappings.teamId, teamId))
    .orderBy(desc(importMappings.updatedAt))
    .limit(50);
  return rows.map((r) => r.source);
}

const runColumns = {
  id: importRuns.id,
  teamId: importRuns.teamId,
  teamCode: teams.code,
  channel: importRuns.channel,
  source: importRuns.source,
  fileName: importRuns.fileName,
  fileSha256: importRuns.fileSha256,
  dryRun: importRuns.dryRun,
  allOrNothing: importRuns.allOrNothing,
  status: importRuns.status,
  totalRows: importRuns.totalRows,
  processedRows: importRuns.processedRows,
  created: importRuns.created,
  updated: importRuns.updated,
  unchanged: importRuns.unchanged,
  rejected: importRuns.rejected,
  needsLocation: importRuns.needsLocation,
  ignoredColumns: importRuns.ignoredColumns,
  failure: importRuns.failure,
  startedAt: importRuns.startedAt,
  finishedAt: importRuns.finishedAt,
  actorName: users.displayName,
  tokenName: serviceTokens.name,
};

/** A run as the page and the API read it (inferred from the select, so it cannot drift from it). */
export type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

/** One import record with who ran it: the one reader of a run (the page, the machine API's status). */
export async function findRun(db: DbOrTx, runId: string) {
  const [row] = await db
    .select(runColumns)
    .from(importRuns)
    .innerJoin(teams, eq(teams.id, importRuns.teamId))
    .leftJoin(users, eq(users.id, importRuns.actorUserId))
    .leftJoin(serviceTokens, eq(serviceTokens.id, importRuns.tokenId))
    .where(eq(importRuns.id, runId))
    .limit(1);
  return row ?? null;
}

/** A run's row problems and its rejected rows (header first), for the page and the download. */
export async function findRunProblems(
  db: DbOrTx,
  runId: string,
): Promise<{ errors: ImportRowErrorRecord[]; rejectedRows: string[][] } | null> {
  const [row] = await db
    .select({ errors: importRuns.errors, rejectedRows: importRuns.rejectedRows })
    .from(importRuns)
    .where(eq(importRuns.id, runId))
    .limit(1);
  return row ?? null;
}

/** The team's most recent real imports (checks are not listed), newest first. */
export function listRecentRuns(db: DbOrTx, teamId: string, limit: number) {
  return db
    .select(runColumns)
    .from(importRuns)
    .innerJoin(teams, eq(teams.id, importRuns.teamId))
    .leftJoin(users, eq(users.id, importRuns.actorUserId))
    .leftJoin(serviceTokens, eq(serviceTokens.id, importRuns.tokenId))
    .where(and(eq(importRuns.teamId, teamId), eq(importRuns.dryRun, false)))
    .orderBy(desc(importRuns.startedAt))
    .limit(limit);
}

/** Records a run that broke off before its own bookkeeping could (a run still `running` only). */
/**
 * Closes as failed the runs still "running" that started before `before`: the process that ran them stopped (a
 * restart, a crash) and nothing will finish them. Re-importing the file is safe (rows already written are
 * unchanged). Returns how many.
 */
export async function failRunsStartedBefore(db: DbOrTx, before: Date, failure: string, at: Date): Promise<number> {
  const closed = await db
    .update(importRuns)
    .set({ status: 'failed', failure, finishedAt: at })
    .where(and(eq(importRuns.status, 'running'), lt(importRuns.startedAt, before)))
    .returning({ id: importRuns.id });
  return closed.length;
}

export async function markRunFailed(db: DbOrTx, runId: string, failure: string, at: Date): Promise<void> {
  await db
    .update(importRuns)
    .set({ status: 'failed', failure, finishedAt: at })
    .where(and(eq(importRuns.id, runId), eq(importRuns.status, 'running')));
}
