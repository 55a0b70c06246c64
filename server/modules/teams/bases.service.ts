/**
 * A team's bases (SPEC §8.2): offices and start places of its crews, placed on the map. Admins change them;
 * dispatchers see their own teams'. A base still in use is not deactivated: agents and roster patterns would
 * start from a place that no longer exists.
 */
import { type Region, regionAround } from '../../../shared/domain/region';
import { AppError } from '../../../shared/errors';
import type { CreateBaseInput, SetBaseActiveInput, TeamIdInput, UpdateBaseInput } from '../../../shared/schemas/teams';
import { localDate } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { readTeamZone } from '../policy/policy.service';
import { assertTeamAccess } from '../scope';
import { type BaseRow, countBaseUses, findBase, insertBase, listTeamBases, updateBaseRow } from './bases.repo';
import { findTeamRow } from './teams.repo';
import { announceTeamChange } from './teams.setup';

/** The bases of a team the caller may see. */
export async function teamBases(ctx: AuthedContext, input: TeamIdInput): Promise<BaseRow[]> {
  assertTeamAccess(ctx.user, input.teamId);
  return listTeamBases(ctx.db, input.teamId);
}

/** The team's active bases (where its crews start): what its region is drawn around. */
export async function activeBasesOf(db: DbOrTx, teamId: string): Promise<BaseRow[]> {
  // A team has a handful of bases: its one list, filtered here, rather than another reader of the table.
  return (await listTeamBases(db, teamId)).filter((b) => b.active);
}

/**
 * The team's region: the bounding box of its active bases grown by its margin (km). Null for a team without
 * active bases (it has no region yet: every location is accepted) or a team that does not exist.
 */
export async function teamRegion(db: DbOrTx, teamId: string): Promise<Region | null> {
  const team = await findTeamRow(db, teamId);
  if (!team) return null;
  return regionAround(await activeBasesOf(db, teamId), team.regionMarginKm);
}

/** Creates a base of a team; idempotent, audited. */
export async function createBase(ctx: AuthedContext, input: CreateBaseInput): Promise<{ id: string }> {
  const out = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'teams.createBase' }, async () => {
      if (!(await findTeamRow(tx, input.teamId))) throw new AppError('NOT_FOUND', { entity: 'team' });
      const base = {
        teamId: input.teamId,
        name: input.name,
        address: input.address || null,
        lat: input.lat,
        lng: input.lng,
      };
      const id = await insertBase(tx, base);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: input.teamId,
        action: 'base.create',
        entityType: 'base',
        entityId: id,
        after: base,
        at: ctx.now(),
      });
      return { id };
    }),
  );
  await announceTeamChange(ctx, input.teamId, 'base.create', 'base', out.id);
  return out;
}

/** Renames or moves a base; idempotent, audited with what it was. */
export async function updateBase(ctx: AuthedContext, input: UpdateBaseInput): Promise<{ id: string }> {
  const teamId = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'teams.updateBase' }, async () => {
      const before = await findBase(tx, input.baseId, true);
      if (!before) throw new AppError('NOT_FOUND', { entity: 'base' });
      const after = { name: input.name, address: input.address || null, lat: input.lat, lng: input.lng };
      await updateBaseRow(tx, input.baseId, after);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: before.teamId,
        action: 'base.update',
        entityType: 'base',
        entityId: input.baseId,
        before,
        after,
        at: ctx.now(),
      });
      return before.teamId;
    }),
  );
  await announceTeamChange(ctx, teamId, 'base.update', 'base', input.baseId);
  return { id: input.baseId };
}

/**
 * Activates or deactivates a base. Deactivating one that active agents or current roster patterns still use is
 * refused with how many (BASE_IN_USE): they are moved to another base first.
 */
export async function setBaseActive(ctx: AuthedContext, input: SetBaseActiveInput) {
  const teamId = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'teams.setBaseActive' }, async () => {
      const base = await findBase(tx, input.baseId, true);
      if (!base) throw new AppError('NOT_FOUND', { entity: 'base' });
      if (!input.active && base.active) {
        const today = localDate(ctx.now(), await readTeamZone(tx, base.teamId, ctx.env.TZ_DEFAULT));
        const uses = await countBaseUses(tx, base.id, today);
        if (uses.agents + uses.patterns > 0) {
          throw new AppError('BASE_IN_USE', { name: base.name, ...uses }, { active: 'BASE_IN_USE' });
        }
      }
      await updateBaseRow(tx, base.id, { active: input.active });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: base.teamId,
        action: input.active ? 'base.activate' : 'base.deactivate',
        entityType: 'base',
        entityId: base.id,
        before: { active: base.active },
        after: { active: input.active },
        at: ctx.now(),
      });
      return base.teamId;
    }),
  );
  await announceTeamChange(ctx, teamId, input.active ? 'base.activate' : 'base.deactivate', 'base', input.baseId);
  return { id: input.baseId, active: input.active };
}
