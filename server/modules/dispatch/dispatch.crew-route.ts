/**
 * The writes that put a visit on a crew's route or take it off, and keep the route numbered. A manual move,
 * a field record a dispatcher accepts and an applied plan all place visits the same way; each caller holds the
 * transaction, checks the rules it needs and audits what it did.
 */
import type { DbOrTx } from '../../db/client';
import type { CrewFacts } from '../teams/crews.service';
import { renumberCrewRoute, updatePlacement } from './dispatch.repo';

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

/**
 * Numbers the visits of each crew whose route changed 1..n by planned arrival, once per crew (a visit that moved
 * changes the crew it went to and the one it left; no crew is listed as none).
 */
export async function renumberRoutes(tx: DbOrTx, crewIds: Iterable<string | null | undefined>): Promise<void> {
  for (const crewId of new Set(crewIds)) if (crewId) await renumberCrewRoute(tx, crewId);
}
