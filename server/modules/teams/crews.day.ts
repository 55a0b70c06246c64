/**
 * A team's day of crews as the crews screen shows it, and what every change to it shares: the team check,
 * the day's lock, the names and the announcement to open boards.
 */
import type { CrewDayInput } from '../../../shared/schemas/crews';
import { iso } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { publishLive } from '../live/live.bus';
import { livePosition } from '../live/live.service';
import { findAgentsOnShift, findCrewsOfDay, findTeamCode } from './crew-days.repo';
import { loadCrewFacts } from './crews.service';
import { getAccessibleTeamDay } from './teams.service';

const LANG = 'lang:';

/** The crews of a team-day with their members, the agents on shift left out of every crew, and the crew rules. */
export async function getCrewDay(ctx: AuthedContext, input: CrewDayInput) {
  // Before the reads: the screen's stream starts from it (live.service.ts `livePosition`).
  const liveFrom = await livePosition(ctx);
  // The team and its policy of the day in one statement (as the board reads them).
  const { team, policy } = await getAccessibleTeamDay(ctx, input.teamId, input.date);
  const [codeRow, rows, onShift] = await Promise.all([
    findTeamCode(ctx.db, team.id),
    findCrewsOfDay(ctx.db, team.id, input.date),
    findAgentsOnShift(ctx.db, team.id, input.date),
  ]);
  const facts = await loadCrewFacts(ctx.db, { crewIds: rows.map((c) => c.id) });
  const membersOf = (crewId: string) => facts.find((f) => f.id === crewId)?.members ?? [];
  const inCrew = new Set(facts.flatMap((f) => f.members.map((m) => m.agentId)));
  return {
    team: { id: team.id, name: team.name, code: codeRow?.code ?? '' },
    date: input.date,
    liveFrom,
    twoPersonRule: policy.twoPersonRule,
    mix: { skills: policy.crewRequiredSkills, languages: policy.crewRequiredLanguages },
    crews: rows.map((c) => ({
      id: c.id,
      name: c.name,
      origin: c.origin,
      visits: c.visits,
      members: membersOf(c.id).map((m) => ({
        agentId: m.agentId,
        fullName: m.fullName,
        badgeNo: m.badgeNo,
        isLead: m.isLead,
        // The crew facts carry languages as "lang:xx" skills, the way visits ask for them.
        skills: m.skills.filter((x) => !x.startsWith(LANG)),
        languages: [...new Set(m.skills.filter((x) => x.startsWith(LANG)).map((x) => x.slice(LANG.length)))],
        shiftStart: iso(m.shiftStart),
        shiftEnd: iso(m.shiftEnd),
      })),
    })),
    withoutCrew: onShift
      .filter((a) => !inCrew.has(a.agentId))
      .map((a) => ({ agentId: a.agentId, fullName: a.fullName, shiftStart: iso(a.start), shiftEnd: iso(a.end) })),
  };
}

/** The next free "<team code>-<n>" name of the day. */
export function crewNamer(code: string, used: Iterable<string>): () => string {
  const taken = new Set(used);
  let n = 1;
  return () => {
    while (taken.has(`${code}-${n}`)) n++;
    const name = `${code}-${n}`;
    taken.add(name);
    return name;
  };
}

/**
 * Tells the team's open boards (and crews screens) that the day's crews changed, after the commit. A failed
 * broadcast must not fail a saved change: the audit-log watch delivers it anyway.
 */
export async function announceCrewDay(ctx: AuthedContext, teamId: string, date: string, action: string) {
  try {
    await publishLive(ctx, { teamId, action, entityType: 'crew_day', entityId: date, at: ctx.now().toISOString() });
  } catch (err) {
    ctx.log.warn({ err }, 'live publish failed');
  }
}
