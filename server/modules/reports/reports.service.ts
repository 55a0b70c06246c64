import { type PiiUse, presentBorrowerPii } from '../../../shared/pii';
import type { ReportFilter, VisitTableInput } from '../../../shared/schemas/oversight';
import { iso } from '../../../shared/wire';
import type { VisitScope } from '../../db/sql/visit-scope.sql';
import type { AuthedContext } from '../../trpc/context';
import { promiseStateCounts } from '../promises/promises.service';
import { scopedTeamIds } from '../scope';
import {
  breakdownByOutcome,
  comparisonByAgent,
  computeKpis,
  isOnTime,
  matchesDrill,
  trendByDay,
} from './reports.compute';
import { countOpenComplaints, findVisitFacts, type VisitFact } from './reports.repo';

/** The visits a caller may see for a report filter: their teams, narrowed to the one asked for. */
export function resolveScope(ctx: AuthedContext, filter: ReportFilter): VisitScope {
  const teamIds = scopedTeamIds(ctx.user, filter.teamId);
  return { teamIds, from: filter.from, to: filter.to, crewId: filter.crewId, agentId: filter.agentId };
}

/** KPIs, chart series and open complaints for a period and scope. */
export async function dashboard(ctx: AuthedContext, filter: ReportFilter) {
  const scope = resolveScope(ctx, filter);
  // Promises made at the scope's visits and due in the period; those still pending count once decided.
  const promiseScope = { ...scope, dueFrom: scope.from, dueTo: scope.to };
  const [rows, promises, openComplaints] = await Promise.all([
    findVisitFacts(ctx.db, scope),
    promiseStateCounts(ctx, ctx.db, promiseScope),
    countOpenComplaints(ctx.db, scope.teamIds),
  ]);
  return {
    kpis: computeKpis(rows, promises),
    trend: trendByDay(rows),
    byOutcome: breakdownByOutcome(rows),
    byAgent: comparisonByAgent(rows),
    openComplaints,
  };
}

const SORT_KEYS: Record<VisitTableInput['sort'], (v: VisitFact) => string | number> = {
  visitDate: (v) => `${v.visitDate}|${v.slotStart.toISOString()}`,
  borrower: (v) => v.borrowerName,
  agent: (v) => v.agentName ?? '',
  status: (v) => v.status,
  outcome: (v) => v.outcomeCode ?? '',
  promised: (v) => v.promisedAmountCents ?? -1,
  checkIn: (v) => v.checkInAt?.getTime() ?? -1,
};

/**
 * The visits behind a dashboard number, filtered and sorted (not paged): shared by the table and exports,
 * which say so with `use` (an export masks PII for every role).
 */
export async function filteredVisits(
  ctx: AuthedContext,
  input: Omit<VisitTableInput, 'page' | 'pageSize'>,
  use: PiiUse = 'screen',
) {
  const rows = await findVisitFacts(ctx.db, resolveScope(ctx, input.filter));
  const needle = input.search?.toLowerCase();
  const kept = rows.filter(
    (v) =>
      (!input.drill || matchesDrill(v, input.drill)) &&
      (!input.date || v.visitDate === input.date) &&
      (!input.outcome || v.outcomeCode === input.outcome) &&
      (!input.status || v.status === input.status) &&
      (!needle ||
        v.borrowerName.toLowerCase().includes(needle) ||
        v.loanRef.toLowerCase().includes(needle) ||
        (v.agentName ?? '').toLowerCase().includes(needle) ||
        v.district.toLowerCase().includes(needle)),
  );
  const key = SORT_KEYS[input.sort];
  const dir = input.desc ? -1 : 1;
  kept.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'number' ? ka - (kb as number) : String(ka).localeCompare(String(kb));
    return c === 0 ? a.visitId.localeCompare(b.visitId) : c * dir;
  });
  return kept.map((v) => toVisitRow(ctx, v, use));
}

/** What the screen and the exports show of a visit; the borrower's phone and ID masked by role and use. */
function toVisitRow(ctx: AuthedContext, v: VisitFact, use: PiiUse) {
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

/** One page of the drill-down table and the total count of rows matching the filters. */
export async function visitTable(ctx: AuthedContext, input: VisitTableInput) {
  const rows = await filteredVisits(ctx, input);
  const start = input.page * input.pageSize;
  return { total: rows.length, rows: rows.slice(start, start + input.pageSize) };
}
