/** The SQL of import records: the run rows, the column mappings saved per source, a team found by its code. */
import { and, eq, sql } from 'drizzle-orm';
import { type ImportRowErrorRecord, importMappings, importRuns, teams } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

export interface NewRun {
  teamId: string;
  channel: string;
  source: string | null;
  fileName: string;
  fileSha256: string;
  uploadId: string | null;
  actorUserId: string | null;
  tokenId: string | null;
  dryRun: boolean;
  allOrNothing: boolean;
  totalRows: number;
  startedAt: Date;
}

export async function insertRun(db: DbOrTx, run: NewRun): Promise<string> {
  const [made] = await db.insert(importRuns).values(run).returning({ id: importRuns.id });
  return made?.id as string;
}

export async function findRunTotals(db: DbOrTx, runId: string) {
  const [row] = await db
    .select({
      id: importRuns.id,
      teamId: importRuns.teamId,
      totalRows: importRuns.totalRows,
      status: importRuns.status,
    })
    .from(importRuns)
    .where(eq(importRuns.id, runId));
  return row ?? null;
}

export async function setRunProgress(db: DbOrTx, runId: string, processedRows: number, totalRows: number) {
  await db.update(importRuns).set({ processedRows, totalRows }).where(eq(importRuns.id, runId));
}

export interface RunOutcome {
  status: 'done' | 'refused' | 'failed';
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  needsLocation: number;
  ignoredColumns: string[];
  errors: ImportRowErrorRecord[];
  rejectedRows: string[][];
  failure: string | null;
  finishedAt: Date;
}

export async function finishRun(db: DbOrTx, runId: string, outcome: RunOutcome) {
  await db.update(importRuns).set(outcome).where(eq(importRuns.id, runId));
}

export async function findMapping(db: DbOrTx, teamId: string, source: string) {
  const [row] = await db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(and(eq(importMappings.teamId, teamId), eq(importMappings.source, source)));
  return row?.mapping ?? null;
}

export async function saveMapping(
  db: DbOrTx,
  row: { teamId: string; source: string; mapping: Record<string, string | null>; updatedBy: string | null; at: Date },
) {
  await db
    .insert(importMappings)
    .values({
      teamId: row.teamId,
      source: row.source,
      mapping: row.mapping,
      updatedBy: row.updatedBy,
      updatedAt: row.at,
    })
    .onConflictDoUpdate({
      target: [importMappings.teamId, importMappings.source],
      set: { mapping: row.mapping, updatedBy: row.updatedBy, updatedAt: row.at },
    });
}

/** The team with this code, compared without case (the command line names a team by its code). */
export async function findTeamIdByCode(db: DbOrTx, code: string): Promise<string | null> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(sql`lower(${teams.code}) = lower(${code})`);
  return row?.id ?? null;
}
