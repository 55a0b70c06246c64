import { slotPassedUnvisited } from '../../../shared/domain/visit-lifecycle';
import { AppError } from '../../../shared/errors';
import type { IdInput } from '../../../shared/schemas/common';
import type { DbOrTx, Tx } from '../../db/client';
import type { DayAsk } from '../../db/sql/team-day.sql';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { readTeamZone } from '../policy/policy.service';
import { isCrewMember } from '../teams/crews.service';
import { toVisitDetail } from './visits.dto';
import {
  type BoardVisitRow,
  findCrewRoute,
  findTeamDayVisits,
  findVisitRow,
  updateToMissed,
  type VisitRow,
} from './visits.repo';

/** Whether the caller may open this visit: agents only their crews' visits, others their teams'. */
async function canSee(ctx: AuthedContext, row: VisitRow): Promise<boolean> {
  const { user } = ctx;
  if (user.role === 'admin') return true;
  if (user.role === 'agent') {
    return Boolean(user.agentId && row.crewId && (await isCrewMember(ctx.db, user.agentId, row.crewId)));
  }
  return user.teamIds.includes(row.teamId);
}

export type { VisitRow };

/**
 * Every visit of a team on a local date (or today at `now` in its zone) as a board shows it, in slot order (raw phone:
 * present it for the role).
 */
export function teamDayVisits(db: DbOrTx, teamId: string, day: DayAsk): Promise<BoardVisitRow[]> {
  return findTeamDayVisits(db, teamId, day);
}

/**
 * A crew's visits in route order, with their check-in facts and current outcome (raw PII: present it for the
 * caller's role).
 */
export function crewRouteVisits(db: DbOrTx, crewId: string) {
  return findCrewRoute(db, crewId);
}

/** One visit, scoped; out-of-scope visits answer NOT_FOUND so their existence does not leak. */
export async function getVisit(ctx: AuthedContext, input: IdInput) {
  const row = await findVisitRow(ctx.db, input.id);
  if (!row || !(await canSee(ctx, row))) throw new AppError('NOT_FOUND', { entity: 'visit' });
  const timeZone = await readTeamZone(ctx.db, row.teamId, ctx.env.TZ_DEFAULT);
  return toVisitDetail(row, ctx.user.role, timeZone);
}

/**
 * The missed-slot rule (shared/domain/visit-lifecycle): a visit nobody set out for whose agreed slot is over is
 * marked missed, audited with the reason. It runs inside the caller's transaction; today that is applying a
 * plan, whose preview listed the visit. Returns the new version, or null when the visit changed meanwhile.
 */
export async function markSlotPassed(
  ctx: AuthedContext,
  tx: Tx,
  visit: { id: string; teamId: string; status: string; version: number; crewId: string | null; slotEnd: Date },
): Promise<number | null> {
  const at = ctx.now();
  if (!slotPassedUnvisited(visit, at)) {
    throw new AppError('VISIT_STATUS_TRANSITION', { from: visit.status, to: 'missed' });
  }
  const version = await updateToMissed(tx, visit.id, visit.version, { userId: ctx.user.id, at });
  if (version === null) return null;
  await appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId: visit.teamId,
    action: 'visit.missed',
    entityType: 'visit',
    entityId: visit.id,
    before: { status: visit.status, crewId: visit.crewId, version: visit.version },
    after: { status: 'missed', reason: 'SLOT_PASSED', slotEnd: visit.slotEnd.toISOString(), version },
    at,
  });
  return version;
}
