/**
 * Agent management (SPEC §8.2), write side: create and change an agent. The rules of the form live here (numbers
 * unique, sign-in free, base and partner of the team); a change that takes an agent off visits already planned
 * (deactivation, a credential no longer covering their dates) goes through the one release path of dispatch.
 */
import { AppError, type AppErrorCode } from '../../../shared/errors';
import type { CreateAgentInput, UpdateAgentInput } from '../../../shared/schemas/agents';
import { addDays, DATE_YEARS, localDate } from '../../../shared/time';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { userScopeChanged } from '../auth/auth.service';
import { type AffectedScope, announceReleased, releaseAffectedVisits } from '../dispatch/dispatch.release';
import { once } from '../idempotency/idempotency.service';
import { publishLive } from '../live/live.bus';
import { getAccessibleTeam } from '../teams/teams.service';
import {
  type AgentRow,
  type AgentValues,
  findActiveBase,
  findAgent,
  insertAgent,
  isLinkableUser,
  isTeamAgent,
  takenNumber,
  updateAgent,
} from './agents.repo';

type AgentFields = Omit<CreateAgentInput, 'idempotencyKey' | 'teamId'>;

/** The last date a "from now on" range reaches: the last day an input date may name. */
const LAST_DATE = `${DATE_YEARS.max}-12-31`;

/** The stored values of the form's fields, after its rules: each broken rule refused on its field. */
async function checkedValues(
  tx: Tx,
  teamId: string,
  f: AgentFields,
  before: AgentRow | null,
): Promise<Omit<AgentValues, 'teamId'> | Omit<AgentValues, 'teamId' | 'homeBaseLat' | 'homeBaseLng'>> {
  const taken = await takenNumber(tx, f, before?.id ?? null);
  if (taken === 'badgeNo') throw new AppError('BADGE_TAKEN', { badgeNo: f.badgeNo }, { badgeNo: 'BADGE_TAKEN' });
  if (taken === 'credentialNo') {
    throw new AppError(
      'CREDENTIAL_NO_TAKEN',
      { credentialNo: f.credentialNo },
      { credentialNo: 'CREDENTIAL_NO_TAKEN' },
    );
  }
  if (f.userId && f.userId !== before?.userId && !(await isLinkableUser(tx, f.userId, before?.id ?? null))) {
    throw new AppError('AGENT_USER_INVALID', {}, { userId: 'AGENT_USER_INVALID' });
  }
  if (
    f.preferredPartnerId &&
    (f.preferredPartnerId === before?.id || !(await isTeamAgent(tx, teamId, f.preferredPartnerId)))
  ) {
    throw new AppError('AGENT_PARTNER_INVALID', {}, { preferredPartnerId: 'AGENT_PARTNER_INVALID' });
  }
  const values = {
    userId: f.userId ?? null,
    fullName: f.fullName,
    badgeNo: f.badgeNo,
    credentialNo: f.credentialNo,
    credentialValidFrom: f.credentialValidFrom,
    credentialValidTo: f.credentialValidTo,
    phone: f.phone,
    skills: f.skills,
    languages: f.languages,
    baseId: f.baseId ?? null,
    maxVisitsPerDay: f.maxVisitsPerDay,
    preferredPartnerId: f.preferredPartnerId ?? null,
    active: f.active,
  };
  if (!f.baseId) {
    // An agent starts from somewhere: a new one needs a base; one made before bases existed keeps their place.
    if (!before) throw new AppError('AGENT_BASE_REQUIRED', {}, { baseId: 'AGENT_BASE_REQUIRED' });
    return values;
  }
  // The base the agent already has stays theirs even if it was closed since; a new choice must be open.
  const base = await findActiveBase(tx, teamId, f.baseId);
  if (!base && f.baseId !== before?.baseId)
    throw new AppError('AGENT_BASE_INVALID', {}, { baseId: 'AGENT_BASE_INVALID' });
  return base ? { ...values, homeBaseLat: base.lat, homeBaseLng: base.lng } : values;
}

/** The dates from `today` on that an agent's new credential no longer covers but the old one did. */
function uncoveredRanges(before: AgentRow, after: AgentFields, today: string): Array<[string, string]> {
  const ranges: Array<[string, string]> = [];
  const lostStart = after.credentialValidFrom > before.credentialValidFrom;
  if (lostStart && after.credentialValidFrom > today) ranges.push([today, addDays(after.credentialValidFrom, -1)]);
  if (after.credentialValidTo < before.credentialValidTo) {
    const from = addDays(after.credentialValidTo, 1);
    ranges.push([from > today ? from : today, LAST_DATE]);
  }
  return ranges;
}

type Released = Array<{ visitId: string }>;

/**
 * Takes the agent off the visits a change leaves them unable to make, through dispatch's release: refused with the
 * list (all ranges' visits together) unless confirmed; confirmed, each goes back to the tray with `reason`.
 */
async function releaseFor(
  ctx: AuthedContext,
  tx: Tx,
  scopes: AffectedScope[],
  change: { confirm: boolean; reason: AppErrorCode; cause: Record<string, unknown> },
): Promise<Released> {
  const released: Released = [];
  const listed: unknown[] = [];
  for (const scope of scopes) {
    try {
      const r = await releaseAffectedVisits(tx, scope, { ...change, userId: ctx.user.id, at: ctx.now() });
      released.push(...r.released.map((v) => ({ visitId: v.visitId })));
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'ORG_CHANGE_AFFECTS_VISITS') throw err;
      listed.push(...(err.details.visits as unknown[]));
    }
  }
  if (listed.length > 0) throw new AppError('ORG_CHANGE_AFFECTS_VISITS', { count: listed.length, visits: listed });
  return released;
}

/** Tells open boards about the change after its commit: each released visit, then the agent itself. */
export async function announceAgentChange(
  ctx: AuthedContext,
  teamId: string,
  action: string,
  agentId: string,
  released: Released,
) {
  await announceReleased(
    ctx,
    teamId,
    released.map((v) => v.visitId),
  );
  try {
    await publishLive(ctx, { teamId, action, entityType: 'agent', entityId: agentId, at: ctx.now().toISOString() });
  } catch (err) {
    ctx.log.warn({ err }, 'live publish failed');
  }
}

/** Adds an agent to a team; idempotent on the client's key, audited. */
export async function createAgent(ctx: AuthedContext, input: CreateAgentInput): Promise<{ id: string }> {
  await getAccessibleTeam(ctx, input.teamId);
  const { idempotencyKey: _key, teamId, ...fields } = input;
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'admin.createAgent' }, async () => {
      const values = await checkedValues(tx, teamId, fields, null);
      if (!('homeBaseLat' in values)) throw new AppError('AGENT_BASE_REQUIRED', {}, { baseId: 'AGENT_BASE_REQUIRED' });
      const id = await insertAgent(tx, { ...values, teamId });
      if (values.userId) await userScopeChanged(tx, values.userId);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId,
        action: 'agent.create',
        entityType: 'agent',
        entityId: id,
        after: { ...values, phone: undefined },
        at: ctx.now(),
      });
      return { id };
    }),
  );
  await announceAgentChange(ctx, teamId, 'agent.create', result.id, []);
  return result;
}

/**
 * Changes an agent. Deactivating them, or narrowing their credential so it no longer covers dates they have
 * visits on, is refused with those visits (ORG_CHANGE_AFFECTS_VISITS) unless `confirm`: then the visits go back
 * to the tray (TRAY_AGENT_INACTIVE / TRAY_CREDENTIAL_INVALID) in the same transaction. Idempotent, audited.
 */
export async function changeAgent(ctx: AuthedContext, input: UpdateAgentInput) {
  const current = await findAgent(ctx.db, input.agentId);
  if (!current) throw new AppError('NOT_FOUND', { entity: 'agent' });
  const team = await getAccessibleTeam(ctx, current.teamId);
  const { idempotencyKey: _key, agentId, confirm, ...fields } = input;
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'admin.updateAgent' }, async () => {
      const before = await findAgent(tx, agentId, true);
      if (!before) throw new AppError('NOT_FOUND', { entity: 'agent' });
      const values = await checkedValues(tx, before.teamId, fields, before);
      const today = localDate(ctx.now(), team.timeZone);
      const scope = (from: string, to: string) => ({ teamId: before.teamId, from, to, agentIds: [agentId] });
      const released =
        before.active && !fields.active
          ? await releaseFor(ctx, tx, [scope(today, LAST_DATE)], {
              confirm,
              reason: 'TRAY_AGENT_INACTIVE',
              cause: { agentId, change: 'agent.deactivate' },
            })
          : await releaseFor(
              ctx,
              tx,
              uncoveredRanges(before, fields, today).map(([from, to]) => scope(from, to)),
              { confirm, reason: 'TRAY_CREDENTIAL_INVALID', cause: { agentId, change: 'agent.credential' } },
            );
      await updateAgent(tx, agentId, values);
      // A new link: the sign-in it now names sees it as their agent record, the one it leaves no longer.
      if (before.userId !== values.userId) {
        for (const userId of [before.userId, values.userId]) if (userId) await userScopeChanged(tx, userId);
      }
      const { phone: _p, ...shown } = before;
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: before.teamId,
        action: 'agent.update',
        entityType: 'agent',
        entityId: agentId,
        before: shown,
        after: { ...values, phone: undefined, releasedVisits: released.map((v) => v.visitId) },
        at: ctx.now(),
      });
      return { id: agentId, teamId: before.teamId, released };
    }),
  );
  await announceAgentChange(ctx, result.teamId, 'agent.update', result.id, result.released);
  return { id: result.id, released: result.released.length };
}
