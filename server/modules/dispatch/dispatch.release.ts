/**
 * Consequences of an organisation change are never silent (SPEC §8.2): a change to the roster, a credential, a
 * crew or an agent that would leave visits on a crew that can no longer make them is refused with the list of
 * those visits, or — when the user confirms — takes them off their crews through the one unassign path and puts
 * them back in the tray with the reason. One home for that rule, whichever screen makes the change.
 */

import { MOVABLE } from '../../../shared/domain/visit-lifecycle';
import type { AppErrorCode } from '../../../shared/errors';
import { AppError } from '../../../shared/errors';
import type { Tx } from '../../db/client';
import { appendAudit } from '../audit/audit.service';
import { announceVisit } from '../live/live.bus';
import { renumberRoutes, returnToTray } from './dispatch.crew-route';
import { type AffectedVisit, findCrewVisits } from './dispatch.repo';

export type { AffectedVisit };

/** Which visits a change touches: a team's visits between two dates on the given crews or agents' crews. */
export interface AffectedScope {
  teamId: string;
  from: string;
  to: string;
  crewIds?: string[];
  agentIds?: string[];
}

/** The visits still in the dispatcher's hands (assigned, nobody set out) that a change would take off their crews. */
export function findAffectedVisits(tx: Tx, scope: AffectedScope, lock = false): Promise<AffectedVisit[]> {
  return findCrewVisits(tx, { ...scope, statuses: MOVABLE.filter((s) => s !== 'unassigned') }, lock);
}

/** What a change did to the visits it touched; the caller announces each released visit after the commit. */
export interface ReleaseResult {
  released: AffectedVisit[];
}

/**
 * Applies the rule: no affected visits → nothing to do; affected and not confirmed → ORG_CHANGE_AFFECTS_VISITS
 * with the list (nothing changed, the caller's transaction rolls back); confirmed → each visit goes back to the
 * tray with `reason` (an error code the board translates), its crew's route renumbered, audited. Locks the visits
 * first so a concurrent placement either finishes before (and is released) or fails on its version.
 */
export async function releaseAffectedVisits(
  tx: Tx,
  scope: AffectedScope,
  change: { confirm: boolean; reason: AppErrorCode; userId: string; at: Date; cause: Record<string, unknown> },
): Promise<ReleaseResult> {
  const affected = await findAffectedVisits(tx, scope, true);
  if (affected.length === 0) return { released: [] };
  if (!change.confirm) {
    throw new AppError('ORG_CHANGE_AFFECTS_VISITS', {
      count: affected.length,
      visits: affected.map((v) => ({
        visitId: v.visitId,
        visitDate: v.visitDate,
        crewName: v.crewName,
        slotStart: v.slotStart.toISOString(),
        slotEnd: v.slotEnd.toISOString(),
        borrowerName: v.borrowerName,
      })),
    });
  }
  const crews = new Set<string>();
  for (const v of affected) {
    const version = await returnToTray(
      tx,
      { id: v.visitId, version: v.version },
      { userId: change.userId, at: change.at },
      { unpin: true, trayReason: change.reason },
    );
    if (version === null) throw new Error(`visit ${v.visitId} changed while locked`);
    crews.add(v.crewId);
    await appendAudit(tx, {
      actorUserId: change.userId,
      teamId: v.teamId,
      action: 'visit.unassign',
      entityType: 'visit',
      entityId: v.visitId,
      before: { status: v.status, crewId: v.crewId, version: v.version },
      after: { status: 'unassigned', crewId: null, version, trayReason: change.reason, ...change.cause },
      at: change.at,
    });
  }
  await renumberRoutes(tx, crews);
  return { released: affected };
}

/**
 * After the commit of a change that released visits: tells the team's open boards about each one (the one place
 * this is done for every organisation change, whichever screen made it).
 */
export async function announceReleased(
  deps: Parameters<typeof announceVisit>[0],
  teamId: string,
  visitIds: readonly string[],
): Promise<void> {
  await Promise.all(visitIds.map((id) => announceVisit(deps, teamId, 'visit.unassign', id)));
}
