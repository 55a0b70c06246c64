/**
 * The writes that put a visit on a crew's route or take it off, and keep the route numbered. A manual move,
 * a field record a dispatcher accepts and an applied plan all place visits the same way; each caller holds the
 * transaction, checks the rules it needs and audits what it did.
 */
import type { DbOrTx } from '../../db/client';
import type { CrewFacts } from '../teams/crews.service';
import { findVisitVersions, renumberCrewRoute, updatePlacement } from './dispatch.repo';

type By = { userId: string; at: Date };

/**
 * Assigns the visit to the crew at `arrival` if it is still at `version`: the crew's lead (else its first
 * member) is the agent, the other member the second agent. Returns the new version, or null when it was stale.
 */
export function assignToCrew(
  tx: DbOrTx,
  visit: { id: string; version: number },
  crew: Pick<CrewFacts, 'id' | 'members'>,
  arrival: Date,
  by: By,
): Promise<number | null> {
  const lead = crew.members.find((m) => m.isLead) ?? crew.members[0];
  const partner = crew.members.find((m) => m !== lead);
  return updatePlacement(
    tx,
    visit.id,
    visit.version,
    {
      status: 'assigned',
      crewId: crew.id,
      agentId: lead?.agentId ?? null,
      secondAgentId: partner?.agentId ?? null,
      plannedArrival: arrival,
    },
    by,
  );
}

/**
 * Takes the visit off its crew, back to the tray, if it is still at `version` (a dispatcher's unassign also
 * releases the pin; a plan never unassigns a pinned visit). Returns the new version, or null when it was stale.
 */
export function returnToTray(
  tx: DbOrTx,
  visit: { id: string; version: number },
  by: By,
  opts: { unpin: boolean; trayReason?: string },
): Promise<number | null> {
  return updatePlacement(
    tx,
    visit.id,
    visit.version,
    {
      status: 'unassigned',
      crewId: null,
      agentId: null,
      secondAgentId: null,
      plannedArrival: null,
      ...(opts.unpin ? { pinned: false } : {}),
      trayReason: opts.trayReason ?? null,
    },
    by,
  );
}

/** Numbers a crew's visits 1..n by planned arrival, after its route changed. */
export function renumberRoute(tx: DbOrTx, crewId: string): Promise<void> {
  return renumberCrewRoute(tx, crewId);
}

/** After a visit moved: renumbers the crew it went to, and the crew it left when that was another one. */
export async function renumberAfterMove(tx: DbOrTx, toCrewId: string, fromCrewId: string | null): Promise<void> {
  await renumberCrewRoute(tx, toCrewId);
  if (fromCrewId && fromCrewId !== toCrewId) await renumberCrewRoute(tx, fromCrewId);
}

/** Versions and last editors of visits, locked for the transaction, for re-checking a plan computed a while ago. */
export function visitVersions(db: DbOrTx, visitIds: string[]) {
  return findVisitVersions(db, visitIds);
}
