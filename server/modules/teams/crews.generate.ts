/**
 * Generating a day's crews from its shifts (SPEC §8.2). Generated crews are 'roster' crews; regenerating the
 * day replaces those that nothing hangs on and keeps hand-made crews and crews with visits, saying which.
 */
import { AppError, formatErrorMessage } from '../../../shared/errors';
import type { GenerateCrewsInput } from '../../../shared/schemas/crews';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { readTeamPolicy } from '../policy/policy.service';
import {
  deleteCrews,
  findAgentsOnShift,
  findCrewsOfDay,
  findTeamCode,
  insertCrew,
  lockCrewDay,
} from './crew-days.repo';
import { announceCrewDay, crewNamer } from './crews.day';
import { pairAgents } from './crews.pairing';
import { loadCrewFacts } from './crews.service';
import { getAccessibleTeam } from './teams.service';

/** What a generation did, in the caller's language: crews made, crews kept and why, agents left without a crew. */
export interface GenerateReport {
  date: string;
  created: Array<{ id: string; name: string; members: Array<{ agentId: string; fullName: string }> }>;
  replaced: number;
  kept: Array<{ id: string; name: string; code: 'CREW_KEPT_MANUAL' | 'CREW_KEPT_WITH_VISITS'; message: string }>;
  warnings: Array<{ code: string; agentId: string; agentName: string; message: string }>;
}

/** Makes the team-day's crews from its shifts, replacing generated crews nothing hangs on. */
export async function generateCrews(ctx: AuthedContext, input: GenerateCrewsInput): Promise<GenerateReport> {
  const team = await getAccessibleTeam(ctx, input.teamId);
  const { date } = input;
  const report = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'crews.generate' }, async () => {
      await lockCrewDay(tx, team.id, date);
      const [codeRow, policy, existing, everyoneOnShift] = await Promise.all([
        findTeamCode(tx, team.id),
        readTeamPolicy(tx, team.id, ctx.env.TZ_DEFAULT, date),
        findCrewsOfDay(tx, team.id, date),
        findAgentsOnShift(tx, team.id, date),
      ]);
      if (everyoneOnShift.length === 0) throw new AppError('CREW_NO_SHIFTS', { date });
      const kept = existing.filter((c) => c.origin === 'manual' || c.visits > 0 || c.hasHistory);
      const replaced = existing.filter((c) => !kept.includes(c));
      await deleteCrews(
        tx,
        replaced.map((c) => c.id),
      );
      const keptFacts = await loadCrewFacts(tx, { crewIds: kept.map((c) => c.id) });
      const inKept = new Set(keptFacts.flatMap((c) => c.members.map((m) => m.agentId)));
      const mix = { skills: policy.crewRequiredSkills, languages: policy.crewRequiredLanguages };
      const pairing = pairAgents(
        everyoneOnShift.filter((a) => !inKept.has(a.agentId)),
        mix,
        policy.twoPersonRule,
      );
      const nextName = crewNamer(
        codeRow?.code ?? team.name,
        kept.map((c) => c.name),
      );
      const created: GenerateReport['created'] = [];
      for (const members of pairing.crews) {
        const name = nextName();
        const id = await insertCrew(tx, {
          teamId: team.id,
          date,
          name,
          origin: 'roster',
          agentIds: members.map((m) => m.agentId),
        });
        created.push({ id, name, members: members.map((m) => ({ agentId: m.agentId, fullName: m.fullName })) });
      }
      const required = [...mix.skills, ...mix.languages].join(', ');
      const out: GenerateReport = {
        date,
        created,
        replaced: replaced.length,
        kept: kept.map((c) => {
          const code = c.origin === 'manual' ? 'CREW_KEPT_MANUAL' : 'CREW_KEPT_WITH_VISITS';
          return { id: c.id, name: c.name, code, message: formatErrorMessage(code, ctx.locale, { crew: c.name }) };
        }),
        warnings: pairing.unpaired.map(({ agent, reason }) => ({
          code: reason,
          agentId: agent.agentId,
          agentName: agent.fullName,
          message: formatErrorMessage(reason, ctx.locale, { agent: agent.fullName, required }),
        })),
      };
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: team.id,
        action: 'crews.generate',
        entityType: 'crew_day',
        entityId: date,
        before: { crews: existing.map((c) => ({ id: c.id, name: c.name, origin: c.origin })) },
        after: {
          created: created.map((c) => ({ id: c.id, name: c.name, agentIds: c.members.map((m) => m.agentId) })),
          replaced: replaced.map((c) => c.id),
          kept: out.kept.map((c) => ({ id: c.id, code: c.code })),
          unpaired: out.warnings.map((w) => ({ agentId: w.agentId, code: w.code })),
        },
        at: ctx.now(),
      });
      return out;
    }),
  );
  await announceCrewDay(ctx, team.id, date, 'crews.generate');
  return report;
}
