/**
 * The frame of every roster change: one transaction with the agents locked, once per idempotency key, and after
 * the commit each released visit announced and the team's boards told the roster changed (they refetch).
 */
import { AppError } from '../../../shared/errors';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { announceReleased } from '../dispatch/dispatch.release';
import { once } from '../idempotency/idempotency.service';
import { publishLive } from '../live/live.bus';
import { readTeamZone } from '../policy/policy.service';
import { assertTeamAccess } from '../scope';
import { findRosterAgents, type RosterAgent } from './roster.repo';

/** What a change reports back: the team, the answer to the caller, and the visits it put back in the tray. */
export interface ChangeOutcome<T> {
  teamId: string;
  out: T;
  releasedVisitIds: string[];
}

/** Runs `work` as one idempotent transaction and announces what it did after the commit. */
export async function rosterChange<I extends { idempotencyKey: string }, T>(
  ctx: AuthedContext,
  input: I,
  procedure: string,
  work: (tx: Tx) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure }, () => work(tx)),
  );
  await announceReleased(ctx, result.teamId, result.releasedVisitIds);
  try {
    await publishLive(ctx, {
      teamId: result.teamId,
      action: procedure,
      entityType: 'roster',
      entityId: result.teamId,
      at: ctx.now().toISOString(),
    });
  } catch (err) {
    ctx.log.warn({ err }, 'live publish failed');
  }
  return result.out;
}

/**
 * The agent a change is about, locked, in a team the caller may see (NOT_FOUND otherwise), and active: an
 * inactive agent gets no shifts (ROSTER_AGENT_INACTIVE on `field`).
 */
export async function lockActiveAgent(
  ctx: AuthedContext,
  tx: Tx,
  agentId: string,
  field = 'agentId',
): Promise<RosterAgent> {
  const [agent] = await findRosterAgents(tx, { ids: [agentId] }, true);
  if (!agent) throw new AppError('NOT_FOUND', { entity: 'agent' });
  assertTeamAccess(ctx.user, agent.teamId, 'agent');
  if (!agent.active) {
    throw new AppError('ROSTER_AGENT_INACTIVE', { agent: agent.fullName }, { [field]: 'ROSTER_AGENT_INACTIVE' });
  }
  return agent;
}

/** The team's time zone: the roster's local times are in it. */
export async function teamZone(ctx: AuthedContext, tx: Tx, teamId: string): Promise<string> {
  return readTeamZone(tx, teamId, ctx.env.TZ_DEFAULT);
}
