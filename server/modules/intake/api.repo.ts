/** What the machine API reads besides tokens: one import run, for its status. */
import { eq } from 'drizzle-orm';
import { importRuns, teams } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

export async function findRun(db: DbOrTx, runId: string) {
  const [row] = await db
    .select({
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
      errors: importRuns.errors,
      failure: importRuns.failure,
      startedAt: importRuns.startedAt,
      finishedAt: importRuns.finishedAt,
    })
    .from(importRuns)
    .innerJoin(teams, eq(teams.id, importRuns.teamId))
    .where(eq(importRuns.id, runId))
    .limit(1);
  return row ?? null;
}
