import { AppError } from '../../../shared/errors';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { loadCrewFacts } from '../teams/crews.service';
import { assignToCrew, renumberRoutes } from './dispatch.crew-route';
import { findVisitFacts } from './dispatch.repo';

/**
 * Puts a visit back on the crew whose field record (on my way, check-in, outcome made offline) a dispatcher
 * accepted, at the time the crew was there. No placement rule runs: this records what happened at the door, it
 * does not plan. The caller holds the visit's row lock and announces the change after its commit.
 */
export async function returnVisitToCrew(
  ctx: AuthedContext,
  tx: Tx,
  r: { visitId: string; version: number; crewId: string; arrival: Date; conflictId: string },
): Promise<number> {
  const before = await findVisitFacts(tx, r.visitId);
  const [crew] = await loadCrewFacts(tx, { crewIds: [r.crewId] });
  if (!before || !crew) throw new AppError('NOT_FOUND', { entity: 'visit' });
  const at = ctx.now();
  const version = await assignToCrew(tx, { id: r.visitId, version: r.version }, crew, r.arrival, {
    userId: ctx.user.id,
    at,
  });
  if (version === null) throw new Error(`visit ${r.visitId} changed while locked`);
  await renumberRoutes(tx, [crew.id, before.crewId]);
  await appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId: before.teamId,
    action: 'visit.return_to_crew',
    entityType: 'visit',
    entityId: r.visitId,
    before: { status: before.status, crewId: before.crewId, version: before.version },
    after: {
      status: 'assigned',
      crewId: crew.id,
      plannedArrival: r.arrival.toISOString(),
      fromConflictId: r.conflictId,
      version,
    },
    at,
  });
  return version;
}
