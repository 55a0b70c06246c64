import { AppError } from '../../../shared/errors';
import type { LatLng } from '../../../shared/geo';
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
import { loadTravelTable, routingOf, type TravelDeps, type TravelTable } from '../travel/travel.service';
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
  travel?: TravelTable,
): Promise<PlacementCheck> {
  const visit = await findVisitFacts(db, input.visitId);
  if (!visit) throw new AppError('NOT_FOUND', { entity: 'visit' });
  assertTeamAccess(ctx.user, visit.teamId, 'visit');
  const [crew] = await loadCrewFacts(db, { crewIds: [input.crewId] });
  if (!crew) throw new AppError('NOT_FOUND', { entity: 'crew' });
  assertTeamAccess(ctx.user, crew.teamId, 'crew');
  if (crew.teamId !== visit.teamId) throw new AppError('CREW_OTHER_TEAM', { crewId: crew.id });
  const policy = await readTeamPolicy(db, visit.teamId, ctx.env.TZ_DEFAULT, visit.visitDate);
  const deps = { db, env: ctx.env, log: ctx.log };
  const violations = await placementViolations(deps, visit, crew, new Date(input.arrival), policy, ctx.now(), travel);
  return { visit, crew, timeZone: policy.timeZone, violations };
}

/**
 * A road engine's travel for a placement, read BEFORE the caller's write transaction: an engine that is slow or
 * hangs (up to its timeout) must not be waited on while the crew is locked — on PGlite, while the one
 * connection is held by that transaction. Undefined under straight-line (computed, nothing to read) and for a
 * visit or crew that does not exist (the transaction reports it). Inside the transaction the table is used when
 * it still covers the crew's stops; a stop added meanwhile is the rare case that asks again there.
 */
export async function travelBeforeWrite(
  ctx: AuthedContext,
  input: { visitId: string; crewId: string },
): Promise<TravelTable | undefined> {
  if (routingOf(ctx.env) === 'straight-line') return undefined;
  const visit = await findVisitFacts(ctx.db, input.visitId);
  if (!visit) return undefined;
  assertTeamAccess(ctx.user, visit.teamId, 'visit');
  const [crew] = await loadCrewFacts(ctx.db, { crewIds: [input.crewId] });
  if (!crew) return undefined;
  const crewStops = await findCrewStops(ctx.db, crew.id, visit.id);
  return loadTravelTable(ctx, placementPlaces(visit, crew, crewStops));
}

/** The places a placement's travel is read between: the visit, the crew's other stops, the lead's start and end. */
function placementPlaces(visit: VisitFacts, crew: CrewFacts, crewStops: Array<{ place: LatLng }>): LatLng[] {
  const lead = crew.members.find((m) => m.isLead) ?? crew.members[0];
  return [visit.place, ...crewStops.map((s) => s.place), lead?.start, lead?.end].filter((p): p is LatLng => !!p);
}

/**
 * The placement rules for `visit` on `crew` at `arrival`, against the crew's other stops and the borrower's
 * visits. Travel comes from the team-day's table (`travel` when the caller loaded it for the whole day and it
 * has these places, else loaded here for the visit, the crew's stops and its start and end in one go).
 */
async function placementViolations(
  deps: TravelDeps,
  visit: VisitFacts,
  crew: CrewFacts,
  arrival: Date,
  policy: PolicyForRules,
  now: Date,
  travel?: TravelTable,
): Promise<Violation[]> {
  const [crewStops, borrowerVisitTimes] = await Promise.all([
    findCrewStops(deps.db, crew.id, visit.id),
    findBorrowerVisitTimes(deps.db, visit.borrowerId, visit.id),
  ]);
  const places = placementPlaces(visit, crew, crewStops);
  const table = travel?.covers(places) ? travel : await loadTravelTable(deps, places);
  return checkPlacement({
    visit,
    arrival,
    crew,
    crewStops,
    borrowerVisitTimes,
    policy,
    travelMinutes: (a, b) => table.minutes(a, b),
    now,
  });
}

/**
 * The same rules for a visit as it stands now in the caller's transaction (`deps.db`: a plan being applied
 * re-checks its placements on the day as it then is); no violations when the visit no longer exists.
 */
export async function violationsOnCrew(
  deps: TravelDeps,
  visitId: string,
  crew: CrewFacts,
  arrival: Date,
  policy: PolicyForRules,
  now: Date,
  travel?: TravelTable,
): Promise<Violation[]> {
  const visit = await findVisitFacts(deps.db, visitId);
  return visit ? placementViolations(deps, visit, crew, arrival, policy, now, travel) : [];
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
