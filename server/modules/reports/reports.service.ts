import type { Role } from '../../../shared/domain/constants';
import { type PiiUse, presentBorrowerPii } from '../../../shared/pii';
import type { ExportInput, ReportFilter, VisitTableInput } from '../../../shared/schemas/oversight';
import { iso } from '../../../shared/wire';
import type { VisitScope } from '../../db/sql/visit-scope.sql';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { promiseStateCounts } from '../promises/promises.service';
import { scopedTeamIds } from '../scope';
import { countCrewDays, visitCounts } from './dashboard.repo';
import { teamDayCounts, teamDayVisitTotal } from './day-counts.repo';
import { computeKpis, isOnTime, splitCounts, WHOLE_SCOPE } from './reports.compute';
import { countOpenComplaints, countVisits, findVisitBatch, findVisitPage, type VisitTableRow } from './reports.repo';
import { noFilters } from './visit-filters.sql';

/** The visits a caller may see for a report filter: their teams, narrowed to the one asked for. */
export function resolveScope(ctx: AuthedContext, filter: ReportFilter): VisitScope {
  const teamIds = scopedTeamIds(ctx.user, filter.teamId);
  return { teamIds, from: filter.from, to: filter.to, crewId: filter.crewId, agentId: filter.agentId };
}

/**
 * The scope's grouped counts and crew-days: whole teams' from the team-day counts (a row per team-day, kept exact by
 * the visit triggers of migration 0028), a crew's or an agent's from their visits.
 */
async function scopeCounts(db: AuthedContext['reportsDb'], scope: VisitScope) {
  if (scope.crewId || scope.agentId) {
    const [rows, crewDays] = await Promise.all([visitCounts(db, scope), countCrewDays(db, scope)]);
    return { rows, crewDays };
  }
  const rows = await teamDayCounts(db, scope);
  return { rows, crewDays: rows.find((r) => r.grouping === WHOLE_SCOPE)?.crewDays ?? 0 };
}

/** KPIs, chart series and open complaints for a period and scope, counted in SQL. */
export async function dashboard(ctx: AuthedContext, filter: ReportFilter) {
  const scope = resolveScope(ctx, filter);
  // The reports' own few connections (each statement bounded by a timeout): a month of reports queues there and
  // the hot reads keep the main pool (docs/scale.md, session 22).
  const db = ctx.reportsDb;
  // Promises made at the scope's visits and due in the period; those still pending count once decided.
  const promiseScope = { ...scope, dueFrom: scope.from, dueTo: scope.to };
  const [{ rows: counts, crewDays }, promises, openComplaints] = await Promise.all([
    scopeCounts(db, scope),
    promiseStateCounts(ctx, db, promiseScope),
    countOpenComplaints(db, scope.teamIds),
  ]);
  const { scope: totals, trend, byOutcome, byAgent } = splitCounts(counts);
  return { kpis: computeKpis({ ...totals, crewDays }, promises), trend, byOutcome, byAgent, openComplaints };
}

/** What the screen and the exports show of a visit; the borrower's phone and ID masked by role and use. */
export function toVisitRow(ctx: AuthedContext, v: VisitTableRow, use: PiiUse) {
  const pii = presentBorrowerPii(
    ctx.user.role,
    { phone: v.borrowerPhone, idNumber: v.borrowerIdNumber },
    undefined,
    use,
  );
  return {
    visitId: v.visitId,
    visitDate: v.visitDate,
    slotStart: v.slotStart.toISOString(),
    slotEnd: v.slotEnd.toISOString(),
    timeZone: v.timeZone,
    teamName: v.teamName,
    crewName: v.crewName,
    agentName: v.agentName,
    loanRef: v.loanRef,
    borrowerName: v.borrowerName,
    borrowerPhone: pii.phone,
    borrowerIdNumber: pii.idNumber,
    district: v.district,
    visitType: v.visitType,
    status: v.status,
    outcomeCode: v.outcomeCode,
    promisedAmountCents: v.promisedAmountCents,
    checkInAt: iso(v.checkInAt),
    checkInDistanceM: v.checkInDistanceM,
    onTime: isOnTime(v),
  };
}
export type VisitRow = ReturnType<typeof toVisitRow>;

/** The table's narrowing filters of an input (the rest of it is scope, order and page). */
const filtersOf = (input: Omit<VisitTableInput, 'page' | 'pageSize'>) => ({
  drill: input.drill,
  date: input.date,
  outcome: input.outcome,
  status: input.status,
  search: input.search,
});

/**
 * One page of the drill-down table and the total count of rows matching the filters, paged in SQL. The table as it
 * opens over whole teams (no filter, no crew or agent) takes its total from the team-day counts (a row per team-day,
 * kept by the visit triggers; migration 0031) instead of counting the period's visits.
 */
export async function visitTable(ctx: AuthedContext, input: VisitTableInput) {
  const scope = resolveScope(ctx, input.filter);
  const filters = filtersOf(input);
  const page = { limit: input.pageSize, offset: input.page * input.pageSize };
  const wholeTeams = !scope.crewId && !scope.agentId && noFilters(filters);
  const [rows, total] = await Promise.all([
    findVisitPage(ctx.reportsDb, scope, filters, input, page),
    wholeTeams ? teamDayVisitTotal(ctx.reportsDb, scope) : countVisits(ctx.reportsDb, scope, filters),
  ]);
  return { total, rows: rows.map((v) => toVisitRow(ctx, v, 'screen')) };
}

/** How many rows an export reads from the database at a time. */
const EXPORT_BATCH = 500;

/**
 * Every row of the table as filtered and sorted, a batch at a time (keyset: each batch starts after the last
 * row of the one before), masked for a file that leaves the app. The caller pulls the next batch only when it
 * has written the last one, so a slow download holds one batch in memory, never the whole period. The scope is
 * checked at once (a team the caller may not see is refused before any byte of the file is sent).
 */
export function exportRows(
  ctx: AuthedContext,
  input: Omit<VisitTableInput, 'page' | 'pageSize'>,
  batchSize = EXPORT_BATCH,
): AsyncGenerator<VisitRow[]> {
  const scope = resolveScope(ctx, input.filter);
  const filters = filtersOf(input);
  return (async function* batches() {
    let after: { keys: string[]; visitId: string } | undefined;
    for (;;) {
      const batch = await findVisitBatch(ctx.reportsDb, scope, filters, input, batchSize, after);
      if (batch.length > 0) yield batch.map((v) => toVisitRow(ctx, v, 'export'));
      const last = batch.at(-1);
      if (!last || batch.length < batchSize) return;
      after = { keys: last.sortKeys, visitId: last.visitId };
    }
  })();
}

/**
 * Starts an export: the scope is checked, then who took which rows of borrowers' data out of the app, in which
 * format and from where, is audited (`report.export`, SPEC §6: exports are masked, and a bulk read is on record
 * like an evidence download) before the first row is read. Returns the batches to write.
 */
export async function openExport(ctx: AuthedContext, input: ExportInput) {
  const scope = resolveScope(ctx, input.filter);
  const { format, filter, ...view } = input;
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actorUserId: ctx.user.id,
      // The one team asked for; an export across the caller's teams names them in `after`.
      teamId: filter.teamId ?? null,
      action: 'report.export',
      entityType: 'report',
      entityId: 'visits',
      after: { format, filter, teamIds: scope.teamIds, ...view, ip: ctx.ip },
      at: ctx.now(),
    }),
  );
  return exportRows(ctx, input);
}

/** Who sees the oversight reports: dispatchers their team's numbers too; agents never see colleagues' results. */
export const OVERSIGHT_ROLES = ['manager', 'dispatcher', 'admin'] as const satisfies readonly Role[];
