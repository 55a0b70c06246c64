import { AppError } from '../../../shared/errors';
import type {
  CreateUserInput,
  ResetPasswordInput,
  SetComplaintChannelInput,
  SetUserActiveInput,
} from '../../../shared/schemas/admin';
import { withIsoInstants } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { assignTemporaryPassword, endSessionsOf } from '../auth/auth.service';
import { hashPassword } from '../auth/password';
import { once } from '../idempotency/idempotency.service';
import { setComplaintChannel } from '../teams/teams.service';
import {
  countExistingTeams,
  findUserById,
  insertUser,
  listTeamsWithPolicy,
  listUsers,
  setUserActive,
  usernameExists,
} from './admin.repo';

export async function getUsers(ctx: AuthedContext) {
  const rows = await listUsers(ctx.db);
  return rows.map(withIsoInstants);
}

export function getTeams(ctx: AuthedContext) {
  return listTeamsWithPolicy(ctx.db, ctx.now());
}

/** Creates a sign-in account; idempotent on the client's key, audited in the same transaction. */
export async function createUser(ctx: AuthedContext, input: CreateUserInput): Promise<{ id: string }> {
  if (input.role !== 'admin' && input.teamIds.length === 0) {
    throw new AppError('TEAM_REQUIRED', { role: input.role }, { teamIds: 'TEAM_REQUIRED' });
  }
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'admin.createUser' }, async () => {
      if (await usernameExists(tx, input.username)) {
        throw new AppError('USERNAME_TAKEN', { username: input.username }, { username: 'USERNAME_TAKEN' });
      }
      if ((await countExistingTeams(tx, input.teamIds)) !== new Set(input.teamIds).size) {
        throw new AppError('NOT_FOUND', { entity: 'team' }, { teamIds: 'NOT_FOUND' });
      }
      const id = await insertUser(tx, { ...input, passwordHash });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        after: { username: input.username, displayName: input.displayName, role: input.role, teamIds: input.teamIds },
        at: ctx.now(),
      });
      return { id };
    }),
  );
}

/**
 * Gives a user who lost their password a temporary one: they are signed out everywhere now and must choose
 * their own at the next sign-in. Idempotent on the client's key, audited (without the password).
 */
export async function resetPassword(ctx: AuthedContext, input: ResetPasswordInput): Promise<{ id: string }> {
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'admin.resetPassword' }, async () => {
      const user = await findUserById(tx, input.userId);
      if (!user) throw new AppError('NOT_FOUND', { entity: 'user' });
      const sessionsEnded = await assignTemporaryPassword(tx, user.id, input.password);
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        action: 'user.passwordReset',
        entityType: 'user',
        entityId: user.id,
        after: { mustChangePassword: true, sessionsEnded },
        at: ctx.now(),
      });
      return { id: user.id };
    }),
  );
}

/** Sets where a team's borrowers complain (shown on the slot link and the badge check); audited. */
export async function changeComplaintChannel(ctx: AuthedContext, input: SetComplaintChannelInput) {
  const channel = { phone: input.phone ?? null, url: input.url ?? null };
  return ctx.db.transaction(async (tx) => {
    await setComplaintChannel(tx, input.teamId, channel);
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: input.teamId,
      action: 'team.complaintChannel',
      entityType: 'team',
      entityId: input.teamId,
      after: channel,
      at: ctx.now(),
    });
    return { teamId: input.teamId, ...channel };
  });
}

/** Activates or deactivates an account (an admin cannot lock themselves out). */
export async function changeUserActive(ctx: AuthedContext, input: SetUserActiveInput) {
  if (input.userId === ctx.user.id && !input.active) throw new AppError('CANNOT_DEACTIVATE_SELF');
  return ctx.db.transaction(async (tx) => {
    const before = await findUserById(tx, input.userId);
    if (!before) throw new AppError('NOT_FOUND', { entity: 'user' });
    await setUserActive(tx, input.userId, input.active);
    // A deactivated user is signed out everywhere, so that reactivating them later revives no old session.
    const sessionsEnded = input.active ? 0 : await endSessionsOf(tx, input.userId);
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      action: input.active ? 'user.activate' : 'user.deactivate',
      entityType: 'user',
      entityId: input.userId,
      before: { active: before.active },
      after: input.active ? { active: true } : { active: false, sessionsEnded },
      at: ctx.now(),
    });
    return { id: input.userId, active: input.active };
  });
}
