import { AppError } from '../../../shared/errors';
import { travelMinutes } from '../../../shared/geo';
import { translate } from '../../../shared/messages/catalogue';
import { SERVER_WORDS } from '../../../shared/messages/server-words';
import { describeViolation } from '../../../shared/messages/violations';
import { checkPlacement, type PolicyForRules, type Violation } from '../../../shared/rules/placement';
import { localTime } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { readTeamPolicy } from '../policy/policy.service';
import { assertTeamAccess } from '../scope';
import { type CrewFacts, loadCrewFacts } from '../teams/crews.service';
import { findBorrowerVisitTimes, findCrewStops, findVisitFacts, type VisitFacts } from './dispatch.repo';

interface PlacementCheck {
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
  const policy = await readTeamPolicy(db, visit.teamId, ctx.env.TZ_DEFAULT, visit.visitDate);
  const violations = await placementViolations(db, visit, crew, new Date(input.arrival), policy, ctx.now());
  return { visit, crew, timeZone: policy.timeZone, violations };
}

/** The placement rules for `visit` on `crew` at `arrival`, against the crew's other stops and the borrower's visits. */
async function placementViolations(
  db: DbOrTx,
  visit: VisitFacts,
  crew: CrewFacts,
  arrival: Date,
  policy: PolicyForRules,
  now: Date,
): Promise<Violation[]> {
  const [crewStops, borrowerVisitTimes] = await Promise.all([
    findCrewStops(db, crew.id, visit.id),
    findBorrowerVisitTimes(db, visit.borrowerId, visit.id),
  ]);
  return checkPlacement({ visit, arrival, crew, crewStops, borrowerVisitTimes, policy, travelMinutes, now });
}

/**
 * The same rules for a visit as it stands now in the caller's transaction (a plan being applied re-checks its
 * placements on the day as it then is); no violations when the visit no longer exists.
 */
export async function violationsOnCrew(
  db: DbOrTx,
  visitId: string,
  crew: CrewFacts,
  arrival: Date,
  policy: PolicyForRules,
  now: Date,
): Promise<Violation[]> {
  const visit = await findVisitFacts(db, visitId);
  return visit ? placementViolations(db, visit, crew, arrival, policy, now) : [];
}

/** When the borrower's other active visits happen (planned arrival, else the slot start): the frequency cap's input. */
export function borrowerVisitTimesOf(db: DbOrTx, borrowerId: string, exceptVisitId: string): Promise<Date[]> {
  return findBorrowerVisitTimes(db, borrowerId, exceptVisitId);
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
    by: current.updatedByName ?? translate(SERVER_WORDS, 'SYSTEM_ACTOR', ctx.locale),
    at: localTime(current.updatedAt, timeZone),
    ...extra,
  });
}
