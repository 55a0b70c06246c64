import { AppError } from '../../../shared/errors';
import { localTime } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { isCrewMember, loadAgentCrew } from '../teams/crews.service';
import { crewHeldVisit } from './conflicts.repo';
import { type FieldVisit, findFieldVisit } from './field.repo';

/** The signed-in agent's record id; other roles never reach the field procedures, but be explicit. */
export function agentIdOf(ctx: AuthedContext): string {
  if (!ctx.user.agentId) throw new AppError('FORBIDDEN');
  return ctx.user.agentId;
}

/** Loads a visit the calling agent's crew is assigned to; anything else is refused the same way. */
export async function loadOwnVisit(ctx: AuthedContext, db: DbOrTx, visitId: string): Promise<FieldVisit> {
  const agentId = agentIdOf(ctx);
  const visit = await findFieldVisit(db, visitId);
  if (!visit?.crewId || !(await isCrewMember(db, agentId, visit.crewId))) throw new AppError('NOT_YOUR_VISIT');
  return visit;
}

/** A visit as a field record meets it: the agent's crew of the visit day, and whether the visit is on it now. */
export interface RecordTarget {
  visit: FieldVisit;
  crewId: string;
  agentId: string;
  current: boolean;
}

/**
 * Loads a visit for a field record, locked: one on the agent's crew now, or one the crew had that was changed
 * under it (a record made offline meets it later). Any other visit is refused exactly like an unknown one.
 */
export async function loadRecordTarget(
  ctx: AuthedContext,
  tx: DbOrTx,
  visitId: string,
  lock = true,
): Promise<RecordTarget> {
  const agentId = agentIdOf(ctx);
  const visit = await findFieldVisit(tx, visitId, lock);
  const crew = visit ? await loadAgentCrew(tx, agentId, visit.visitDate) : null;
  if (!visit || !crew) throw new AppError('NOT_YOUR_VISIT');
  if (visit.crewId === crew.id) return { visit, crewId: crew.id, agentId, current: true };
  if (!(await crewHeldVisit(tx, visit.id, crew.id))) throw new AppError('NOT_YOUR_VISIT');
  return { visit, crewId: crew.id, agentId, current: false };
}

export function zoneOf(ctx: AuthedContext, visit: FieldVisit): string {
  return visit.timeZone ?? ctx.env.TZ_DEFAULT;
}

/** Stale version → CONFLICT naming who changed the visit and when (in the team's zone). */
export function versionConflict(ctx: AuthedContext, visit: FieldVisit): AppError {
  return new AppError('VISIT_VERSION_CONFLICT', {
    by: visit.updatedByName ?? '—',
    at: localTime(visit.updatedAt, zoneOf(ctx, visit)),
    version: visit.version,
  });
}
