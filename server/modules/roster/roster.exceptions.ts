/**
 * Roster exceptions (SPEC §8.2): leave, sickness or training of one agent, or a public holiday of the whole
 * team, over a date range. Adding one removes the shifts of those dates (its crews' visits are refused with the
 * list, or released to the tray when confirmed, and the agent leaves those crews); removing one brings the
 * pattern's shifts back.
 */
import { AppError } from '../../../shared/errors';
import type { AddExceptionInput, RemoveExceptionInput } from '../../../shared/schemas/roster';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { assertTeamAccess } from '../scope';
import { getAccessibleTeam } from '../teams/teams.service';
import { lockActiveAgent, rosterChange, teamZone } from './roster.change';
import { regenerateShifts } from './roster.generate';
import { deleteException, findException, findRosterAgents, insertException } from './roster.repo';

/** The agents an exception concerns, locked: one agent, or for a holiday every agent of the team. */
async function lockAgentsOf(ctx: AuthedContext, tx: Tx, teamId: string, agentId: string | null): Promise<string[]> {
  if (agentId) {
    const agent = await lockActiveAgent(ctx, tx, agentId);
    if (agent.teamId !== teamId) throw new AppError('NOT_FOUND', { entity: 'agent' }, { agentId: 'NOT_FOUND' });
    return [agent.id];
  }
  return (await findRosterAgents(tx, { teamId }, true)).map((a) => a.id);
}

/** Records an exception and removes the shifts it covers. */
export async function addException(ctx: AuthedContext, input: AddExceptionInput) {
  await getAccessibleTeam(ctx, input.teamId);
  return rosterChange(ctx, input, 'roster.addException', async (tx) => {
    const holiday = input.kind === 'public_holiday';
    if (holiday && input.agentId) {
      throw new AppError('ROSTER_HOLIDAY_WHOLE_TEAM', {}, { agentId: 'ROSTER_HOLIDAY_WHOLE_TEAM' });
    }
    if (!holiday && !input.agentId)
      throw new AppError('ROSTER_AGENT_REQUIRED', {}, { agentId: 'ROSTER_AGENT_REQUIRED' });
    const agentIds = await lockAgentsOf(ctx, tx, input.teamId, input.agentId ?? null);
    const row = {
      teamId: input.teamId,
      agentId: input.agentId ?? null,
      kind: input.kind,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      note: input.note ?? null,
    };
    const id = await insertException(tx, { ...row, createdBy: ctx.user.id });
    const regen = await regenerateShifts(
      tx,
      {
        teamId: input.teamId,
        timeZone: await teamZone(ctx, tx, input.teamId),
        agentIds,
        from: input.startsOn,
        to: input.endsOn,
      },
      {
        confirm: input.confirm,
        reason: 'TRAY_AGENT_OFF',
        userId: ctx.user.id,
        at: ctx.now(),
        cause: { exceptionId: id, kind: input.kind },
      },
    );
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: input.teamId,
      action: 'roster.exception.add',
      entityType: 'roster_exception',
      entityId: id,
      after: row,
      at: ctx.now(),
    });
    return {
      teamId: input.teamId,
      out: { id, shiftsRemoved: regen.removed, releasedVisits: regen.released.length },
      releasedVisitIds: regen.released.map((v) => v.visitId),
    };
  });
}

/** Deletes an exception; the patterns' shifts of its dates come back. */
export function removeException(ctx: AuthedContext, input: RemoveExceptionInput) {
  return rosterChange(ctx, input, 'roster.removeException', async (tx) => {
    const before = await findException(tx, input.id);
    if (!before) throw new AppError('NOT_FOUND', { entity: 'roster exception' });
    assertTeamAccess(ctx.user, before.teamId, 'roster exception');
    const agentIds = before.agentId
      ? (await findRosterAgents(tx, { ids: [before.agentId] }, true)).map((a) => a.id)
      : (await findRosterAgents(tx, { teamId: before.teamId }, true)).map((a) => a.id);
    if (!(await deleteException(tx, before.id))) throw new AppError('NOT_FOUND', { entity: 'roster exception' });
    const regen = await regenerateShifts(
      tx,
      {
        teamId: before.teamId,
        timeZone: await teamZone(ctx, tx, before.teamId),
        agentIds,
        from: before.startsOn,
        to: before.endsOn,
      },
      // Removing an exception only adds shifts back; nothing is shortened, so no visit is touched.
      { confirm: false, reason: 'TRAY_SHIFT_CHANGED', userId: ctx.user.id, at: ctx.now(), cause: {} },
    );
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: before.teamId,
      action: 'roster.exception.remove',
      entityType: 'roster_exception',
      entityId: before.id,
      before,
      at: ctx.now(),
    });
    return { teamId: before.teamId, out: { id: before.id, shiftsAdded: regen.inserted }, releasedVisitIds: [] };
  });
}
