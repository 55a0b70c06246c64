import { AppError } from '../../../shared/errors';
import { travelMinutes } from '../../../shared/geo';
import { describeViolation } from '../../../shared/messages/violations';
import { checkPlacement, type Violation } from '../../../shared/rules/placement';
import { localTime } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { readTeamPolicy } from '../policy/policy.service';
import { assertTeamAccess } from '../scope';
import { type CrewFacts, loadCrewFacts } from '../teams/crews.service';
import { findBorrowerVisitTimes, findCrewStops, findVisitFacts, type VisitFacts } from './dispatch.repo';

export interface PlacementCheck {
  visit: VisitFacts;
  crew: CrewFacts;
  timeZone: string;
  violations: Violation[];
}

/** Loads every fact the rules need and runs SPEC §4's placement check (no writes). */
export async function evaluatePlacement(
  ctx: AuthedContext,
  db: DbOrTx,
  input: { visitId: string; crewId: string; arrival: string },
): Promise<PlacementCheck> {
  const visit = await findVisitFacts(db, input.visitId);
  if (!visit) throw new AppError('NOT_FOUND', { entity: 'visit' });
  assertTeamAccess(ctx.user, visit.teamId, 'visit');
  const [crew] = await loadCrewFacts(db, { crewIds: [input.crewId] });
  if (!crew) throw new AppError('NOT_FOUND', { entity: 'crew' });
  assertTeamAccess(ctx.user, crew.teamId, 'crew');
  if (crew.teamId !== visit.teamId) throw new AppError('CREW_OTHER_TEAM', { crewId: crew.id });
  const [policy, crewStops, borrowerVisitTimes] = await Promise.all([
    readTeamPolicy(db, visit.teamId, ctx.env.TZ_DEFAULT),
    findCrewStops(db, crew.id, visit.id),
    findBorrowerVisitTimes(db, visit.borrowerId, visit.id),
  ]);
  const violations = checkPlacement({
    visit,
    arrival: new Date(input.arrival),
    crew,
    crewStops,
    borrowerVisitTimes,
    policy,
    travelMinutes,
    now: ctx.now(),
  });
  return { visit, crew, timeZone: policy.timeZone, violations };
}

/** Violations in the caller's language, for the UI and for error details. */
export function describeAll(ctx: Pick<AuthedContext, 'locale'>, violations: readonly Violation[]) {
  return violations.map((v) => ({ code: v.code, params: v.params, message: describeViolation(v, ctx.locale) }));
}

/** Refuses with every broken rule listed in plain words. */
export function assertNoViolations(
  ctx: Pick<AuthedContext, 'locale'>,
  violations: readonly Violation[],
  code: 'PLACEMENT_VIOLATIONS' | 'SLOT_VIOLATIONS' = 'PLACEMENT_VIOLATIONS',
): void {
  if (violations.length === 0) return;
  const described = describeAll(ctx, violations);
  throw new AppError(code, {
    summary: described.map((d) => d.message).join(' '),
    violations: described,
  });
}

/** The CONFLICT a stale write gets: who changed the visit and when, in the team's zone. */
export function staleError(
  ctx: AuthedContext,
  current: { updatedByName: string | null; updatedAt: Date },
  timeZone: string,
  extra: Record<string, unknown> = {},
): AppError {
  return new AppError('VISIT_STALE', {
    by: current.updatedByName ?? (ctx.locale === 'zh-CN' ? '系统' : 'the system'),
    at: localTime(current.updatedAt, timeZone),
    ...extra,
  });
}
