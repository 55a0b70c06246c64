/**
 * Shifts by hand (SPEC §8.2): one date's shift set from a form or a drag on the roster calendar becomes `manual`
 * and is kept when the roster regenerates; and the whole team's regeneration for today to the horizon.
 */
import { AppError } from '../../../shared/errors';
import type { RegenerateInput, SetShiftInput } from '../../../shared/schemas/roster';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { getAccessibleTeam } from '../teams/teams.service';
import { lockActiveAgent, rosterChange, teamZone } from './roster.change';
import { regenerateShifts, releaseForShiftChanges, rosterHorizon, shiftFromTimes, shortens } from './roster.generate';
import { findBases, findExceptions, findRosterAgents } from './roster.repo';
import { findShifts, insertShifts, updateShift } from './shifts.repo';

/** Sets one date's shift by hand; a shorter shift where the crew has visits is refused with the list unless confirmed. */
export function setShift(ctx: AuthedContext, input: SetShiftInput) {
  return rosterChange(ctx, input, 'roster.setShift', async (tx) => {
    const agent = await lockActiveAgent(ctx, tx, input.agentId);
    const timeZone = await teamZone(ctx, tx, agent.teamId);
    const { today } = rosterHorizon(ctx.now(), timeZone);
    if (input.date < today) throw new AppError('ROSTER_DATE_PAST', { today }, { date: 'ROSTER_DATE_PAST' });
    const off = await findExceptions(tx, {
      teamId: agent.teamId,
      from: input.date,
      to: input.date,
      agentIds: [agent.id],
    });
    if (off.length > 0) {
      throw new AppError('ROSTER_AGENT_OFF', { agent: agent.fullName, date: input.date }, { date: 'ROSTER_AGENT_OFF' });
    }
    const [before] = await findShifts(tx, { agentIds: [agent.id], from: input.date, to: input.date });
    const bases = new Map((await findBases(tx, { ids: agent.baseId ? [agent.baseId] : [] })).map((b) => [b.id, b]));
    const made = shiftFromTimes(
      agent,
      input.date,
      {
        ...input,
        breakStarts: input.breakStarts ?? null,
        breakEnds: input.breakEnds ?? null,
        startBaseId: null,
        endBaseId: null,
      },
      timeZone,
      bases,
      'manual',
    );
    // A hand edit changes the times; where the agent starts and ends stays as the roster set it.
    const values = before
      ? { ...made, startLat: before.startLat, startLng: before.startLng, endLat: before.endLat, endLng: before.endLng }
      : made;
    const released =
      before && shortens(before, values)
        ? await releaseForShiftChanges(tx, agent.teamId, new Map([[agent.id, [input.date]]]), {
            confirm: input.confirm,
            reason: 'TRAY_SHIFT_CHANGED',
            userId: ctx.user.id,
            at: ctx.now(),
            cause: { agentId: agent.id, date: input.date, change: 'roster.setShift' },
          })
        : [];
    if (before) await updateShift(tx, before.id, values);
    else await insertShifts(tx, [values]);
    const [after] = await findShifts(tx, { agentIds: [agent.id], from: input.date, to: input.date });
    const id = (after as { id: string }).id;
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: agent.teamId,
      action: 'roster.shift.set',
      entityType: 'shift',
      entityId: id,
      before: before ?? null,
      after: values,
      at: ctx.now(),
    });
    return {
      teamId: agent.teamId,
      out: { id, origin: 'manual' as const, releasedVisits: released.length },
      releasedVisitIds: released.map((v) => v.visitId),
    };
  });
}

/** Brings every active agent's shifts of a team in line with the roster for today to the horizon. */
export async function regenerateTeam(ctx: AuthedContext, input: RegenerateInput) {
  await getAccessibleTeam(ctx, input.teamId);
  return rosterChange(ctx, input, 'roster.regenerate', async (tx) => {
    const agentIds = (await findRosterAgents(tx, { teamId: input.teamId }, true)).map((a) => a.id);
    const timeZone = await teamZone(ctx, tx, input.teamId);
    const { today, last } = rosterHorizon(ctx.now(), timeZone);
    const regen = await regenerateShifts(
      tx,
      { teamId: input.teamId, timeZone, agentIds, from: today, to: last },
      { confirm: input.confirm, reason: 'TRAY_SHIFT_CHANGED', userId: ctx.user.id, at: ctx.now(), cause: {} },
    );
    const counts = { inserted: regen.inserted, updated: regen.updated, removed: regen.removed };
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: input.teamId,
      action: 'roster.regenerate',
      entityType: 'team',
      entityId: input.teamId,
      after: { from: today, to: last, ...counts },
      at: ctx.now(),
    });
    return {
      teamId: input.teamId,
      out: { from: today, to: last, ...counts, releasedVisits: regen.released.length },
      releasedVisitIds: regen.released.map((v) => v.visitId),
    };
  });
}
