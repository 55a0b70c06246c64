/**
 * Setting up teams from the admin screen (SPEC §8.2): a team with its first policy, its name/code/city/zone, and
 * dated policy changes. The policy itself is read and written only through the policy module.
 */

import { AppError } from '../../../shared/errors';
import type { CreateTeamInput, SetTeamPolicyInput, TeamIdInput, UpdateTeamInput } from '../../../shared/schemas/teams';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { publishLive } from '../live/live.bus';
import {
  changeTeamZone,
  readTeamZone,
  teamPolicyVersions,
  writeFirstPolicy,
  writePolicyVersion,
} from '../policy/policy.service';
import { findTeamRow, insertTeam, updateTeamRow } from './teams.repo';

/** Tells open boards of the team that its setup changed; a failed broadcast never fails the saved change. */
export async function announceTeamChange(
  ctx: AuthedContext,
  teamId: string,
  action: string,
  entityType: string,
  entityId: string,
) {
  try {
    await publishLive(ctx, { teamId, action, entityType, entityId, at: ctx.now().toISOString() });
  } catch (err) {
    ctx.log.warn({ err }, 'live publish failed');
  }
}

/** Creates a team and its first policy version (in effect from the start); idempotent, audited. */
export async function createTeam(ctx: AuthedContext, input: CreateTeamInput): Promise<{ id: string }> {
  const out = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'teams.create' }, async () => {
      const at = ctx.now();
      const team = { name: input.name, code: input.code, city: input.city };
      const id = await insertTeam(tx, team);
      const policy = await writeFirstPolicy(tx, {
        teamId: id,
        timeZone: input.timeZone,
        policy: input.policy,
        userId: ctx.user.id,
        at,
      });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: id,
        action: 'team.create',
        entityType: 'team',
        entityId: id,
        after: { ...team, policy },
        at,
      });
      return { id };
    }),
  );
  await announceTeamChange(ctx, out.id, 'team.create', 'team', out.id);
  return out;
}

/**
 * Renames a team, changes its code, city or region margin, or moves it to another time zone (on every policy
 * version).
 */
export async function updateTeam(ctx: AuthedContext, input: UpdateTeamInput): Promise<{ id: string }> {
  await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'teams.update' }, async () => {
      const before = await findTeamRow(tx, input.teamId, true);
      if (!before) throw new AppError('NOT_FOUND', { entity: 'team' });
      const zoneBefore = await readTeamZone(tx, input.teamId, ctx.env.TZ_DEFAULT);
      const after = {
        id: input.teamId,
        name: input.name,
        code: input.code,
        city: input.city,
        regionMarginKm: input.regionMarginKm ?? before.regionMarginKm,
      };
      await updateTeamRow(tx, after);
      if (input.timeZone !== zoneBefore) await changeTeamZone(tx, input.teamId, input.timeZone);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: input.teamId,
        action: 'team.update',
        entityType: 'team',
        entityId: input.teamId,
        before: { ...before, timeZone: zoneBefore },
        after: { ...after, timeZone: input.timeZone },
        at: ctx.now(),
      });
      return { id: input.teamId };
    }),
  );
  await announceTeamChange(ctx, input.teamId, 'team.update', 'team', input.teamId);
  return { id: input.teamId };
}

/**
 * A policy change from a date on (today or later in the team's zone): visits before that date keep being judged
 * by the version they were agreed under. Idempotent, audited with the version it replaces on that date.
 */
export async function setTeamPolicy(ctx: AuthedContext, input: SetTeamPolicyInput) {
  const out = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'teams.setPolicy' }, async () => {
      if (!(await findTeamRow(tx, input.teamId, true))) throw new AppError('NOT_FOUND', { entity: 'team' });
      const at = ctx.now();
      const { before, after } = await writePolicyVersion(tx, {
        teamId: input.teamId,
        policy: input.policy,
        userId: ctx.user.id,
        at,
        fallbackZone: ctx.env.TZ_DEFAULT,
      });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: input.teamId,
        action: 'team.policy',
        entityType: 'team',
        entityId: input.teamId,
        before,
        after,
        at,
      });
      return { teamId: input.teamId, effectiveFrom: after.effectiveFrom };
    }),
  );
  await announceTeamChange(ctx, input.teamId, 'team.policy', 'team', input.teamId);
  return out;
}

/** Every policy version of a team, newest first (admins only: the router decides). */
export async function policyVersions(ctx: AuthedContext, input: TeamIdInput) {
  if (!(await findTeamRow(ctx.db, input.teamId))) throw new AppError('NOT_FOUND', { entity: 'team' });
  return teamPolicyVersions(ctx.db, input.teamId);
}
