/** Agent management (SPEC §8.2), read side and photo: the admin's list with its flags, one agent, the form's options. */
import { credentialFlag, credentialStatus } from '../../../shared/credential';
import { AppError } from '../../../shared/errors';
import { maskPhone } from '../../../shared/pii';
import type { AgentOptionsInput, AgentsInput, SetAgentPhotoInput } from '../../../shared/schemas/agents';
import { localDate } from '../../../shared/time';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { storeAgentPhoto } from '../field/agent-photo';
import { once } from '../idempotency/idempotency.service';
import { getAccessibleTeam, listVisibleTeams } from '../teams/teams.service';
import { findAgent, findFormOptions, listAgents } from './agents.repo';
import { announceAgentChange } from './agents.write';

/**
 * Agents with their credential status and warning today in their team's zone (an expired credential, or one that
 * runs out within 14 days, is flagged); the phone is staff data, masked in the list (the form reads it in full).
 */
export async function getAgents(ctx: AuthedContext, input: AgentsInput) {
  const zones = new Map((await listVisibleTeams(ctx)).map((t) => [t.id, t.timeZone]));
  const rows = await listAgents(ctx.db, input.teamId);
  const now = ctx.now();
  return rows.map((a) => {
    const today = localDate(now, zones.get(a.teamId) ?? ctx.env.TZ_DEFAULT);
    return {
      ...a,
      phone: maskPhone(a.phone),
      credentialStatus: credentialStatus(a.credentialValidFrom, a.credentialValidTo, today),
      credentialFlag: credentialFlag(a.credentialValidTo, today),
    };
  });
}

/** One agent as the edit form shows it (phone in full). */
export async function getAgent(ctx: AuthedContext, agentId: string) {
  const agent = await findAgent(ctx.db, agentId);
  if (!agent) throw new AppError('NOT_FOUND', { entity: 'agent' });
  return agent;
}

/** What the form can offer for a team: active bases, the team's agents as partners, unlinked agent sign-ins. */
export async function getAgentOptions(ctx: AuthedContext, input: AgentOptionsInput) {
  await getAccessibleTeam(ctx, input.teamId);
  return findFormOptions(ctx.db, input.teamId);
}

/**
 * Puts an agent's ID photo on file through the badge's one photo store (checked by its bytes), so the badge and
 * the borrower's verification page show it; idempotent on the client's key, audited with the file's hash.
 */
export async function setAgentPhoto(ctx: AuthedContext, input: SetAgentPhotoInput) {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'admin.setAgentPhoto' }, async () => {
      const agent = await findAgent(tx, input.agentId, true);
      if (!agent) throw new AppError('NOT_FOUND', { entity: 'agent' });
      const { sha256 } = await storeAgentPhoto({ db: tx, dataDir: ctx.env.DATA_DIR }, agent.id, bytes, input.mimeType);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: agent.teamId,
        action: 'agent.photo',
        entityType: 'agent',
        entityId: agent.id,
        after: { photoSha256: sha256 },
        at: ctx.now(),
      });
      return { agentId: agent.id, teamId: agent.teamId, sha256 };
    }),
  );
  await announceAgentChange(ctx, result.teamId, 'agent.photo', result.agentId, []);
  return { agentId: result.agentId, sha256: result.sha256 };
}
