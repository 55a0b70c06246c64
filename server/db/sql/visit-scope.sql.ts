/**
 * The visits a report covers and the outcome each one counts by, in SQL: the dashboard, the visit table and
 * exports (reports) and the compliance review select the same visits for the same scope, so the scope's
 * conditions and "the latest outcome version" are written here once.
 */
import { and, eq, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import { outcomes, visits } from '../../../drizzle/schema';

/** Which visits a report covers: local visit dates [from, to] in the given teams (all when null), optionally one crew or agent. */
export interface VisitScope {
  teamIds: string[] | null;
  from: string;
  to: string;
  crewId?: string;
  agentId?: string;
}

/** The where of a visit select for `scope` (an empty team list is the caller's to answer without a query). */
export function visitScopeWhere(scope: VisitScope): SQL | undefined {
  const parts: Array<SQL | undefined> = [gte(visits.visitDate, scope.from), lte(visits.visitDate, scope.to)];
  if (scope.teamIds) parts.push(inArray(visits.teamId, scope.teamIds));
  if (scope.crewId) parts.push(eq(visits.crewId, scope.crewId));
  if (scope.agentId) parts.push(or(eq(visits.agentId, scope.agentId), eq(visits.secondAgentId, scope.agentId)));
  return and(...parts);
}

/**
 * The latest version of the visit's outcome as a lateral row aliased `lo`, to left-join `on true` (a correction
 * replaces what the numbers count): the version visits.current_outcome_id points at, kept by the outcome writer.
 * For what the visit does not carry itself (the compliance review's evidence); the reports read the counted facts
 * the writer copies onto the visit (visits.outcome_code, outcome_present, outcome_promised_cents) and join nothing.
 */
export const latestOutcome = sql`lateral (select o.* from ${outcomes} o where o.id = ${visits.currentOutcomeId}) as lo`;
