/** What the roster calendar shows for a team and a range of dates: agents, shifts, exceptions, patterns, bases. */
import type { RosterRangeInput } from '../../../shared/schemas/roster';
import type { AuthedContext } from '../../trpc/context';
import { readTeamZone } from '../policy/policy.service';
import { getAccessibleTeam } from '../teams/teams.service';
import { rosterHorizon } from './roster.generate';
import { findBases, findExceptions, findPatterns, findRosterAgents } from './roster.repo';
import { findShifts } from './shifts.repo';

/** The team's roster from `from` to `to`; patterns still valid on or after `from`. */
export async function rosterRange(ctx: AuthedContext, input: RosterRangeInput) {
  await getAccessibleTeam(ctx, input.teamId);
  const timeZone = await readTeamZone(ctx.db, input.teamId, ctx.env.TZ_DEFAULT);
  const agents = await findRosterAgents(ctx.db, { teamId: input.teamId });
  const agentIds = agents.map((a) => a.id);
  const [shifts, exceptions, patterns, bases] = [
    await findShifts(ctx.db, { agentIds, from: input.from, to: input.to }),
    await findExceptions(ctx.db, { teamId: input.teamId, from: input.from, to: input.to }),
    await findPatterns(ctx.db, { agentIds, from: input.from, to: null }),
    await findBases(ctx.db, { teamId: input.teamId }),
  ];
  const { today, last } = rosterHorizon(ctx.now(), timeZone);
  return {
    timeZone,
    today,
    horizonEnd: last,
    agents: agents
      .map(({ id, fullName, badgeNo, active, baseId }) => ({ id, fullName, badgeNo, active, baseId }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName)),
    shifts: shifts.map((s) => ({
      id: s.id,
      agentId: s.agentId,
      workDate: s.workDate,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      breakStartsAt: s.breakStartsAt?.toISOString() ?? null,
      breakEndsAt: s.breakEndsAt?.toISOString() ?? null,
      breakMinutes: s.breakMinutes,
      origin: s.origin,
    })),
    exceptions,
    patterns,
    bases: bases.map(({ id, name }) => ({ id, name })),
  };
}
