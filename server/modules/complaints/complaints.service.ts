import { AppError, formatErrorMessage } from '../../../shared/errors';
import type {
  AssignComplaintInput,
  ComplaintListInput,
  CreateComplaintInput,
  ResolveComplaintInput,
  TeamOnlyInput,
} from '../../../shared/schemas/oversight';
import { withIsoInstants } from '../../../shared/wire';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { assertTeamAccess, scopedTeamIds } from '../scope';
import {
  findComplaint,
  findComplaints,
  findHandlers,
  findVisitParties,
  insertComplaint,
  isTeamHandler,
  updateComplaint,
} from './complaints.repo';

/** Complaints of the caller's teams (or one), newest first. */
export async function listComplaints(ctx: AuthedContext, input: ComplaintListInput) {
  const rows = await findComplaints(ctx.db, scopedTeamIds(ctx.user, input.teamId), input.status);
  return rows.map(withIsoInstants);
}

/** Who a complaint can be assigned to. */
export async function listHandlers(ctx: AuthedContext, input: TeamOnlyInput) {
  return findHandlers(ctx.db, scopedTeamIds(ctx.user, input.teamId));
}

/** Records a borrower's complaint about a visit; a retry with the same key returns the first complaint. */
export async function createComplaint(ctx: AuthedContext, input: CreateComplaintInput) {
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'key', procedure: 'complaints.create' }, async () => {
      const parties = await findVisitParties(tx, input.visitId);
      if (!parties) throw new AppError('NOT_FOUND', { entity: 'visit' });
      assertTeamAccess(ctx.user, parties.teamId, 'visit');
      const at = ctx.now();
      const { id } = await insertComplaint(tx, {
        ...parties,
        visitId: input.visitId,
        channel: input.channel,
        text: input.text,
        createdAt: at,
      });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: parties.teamId,
        action: 'complaint.create',
        entityType: 'complaint',
        entityId: id,
        after: { visitId: input.visitId, channel: input.channel, text: input.text },
        at,
      });
      return { id };
    }),
  );
}

async function openComplaint(tx: Tx, ctx: AuthedContext, id: string) {
  const c = await findComplaint(tx, id);
  if (!c) throw new AppError('NOT_FOUND', { entity: 'complaint' });
  assertTeamAccess(ctx.user, c.teamId, 'complaint');
  if (c.status === 'resolved') throw new AppError('COMPLAINT_RESOLVED');
  return c;
}

/** Hands a complaint to a manager or dispatcher of its team. */
export async function assignComplaint(ctx: AuthedContext, input: AssignComplaintInput) {
  return ctx.db.transaction(async (tx) => {
    const c = await openComplaint(tx, ctx, input.id);
    if (!(await isTeamHandler(tx, input.userId, c.teamId))) {
      throw new AppError('ASSIGNEE_INVALID', {}, { userId: formatErrorMessage('ASSIGNEE_NOT_HANDLER', ctx.locale) });
    }
    await updateComplaint(tx, c.id, { status: 'assigned', assignedTo: input.userId });
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: c.teamId,
      action: 'complaint.assign',
      entityType: 'complaint',
      entityId: c.id,
      before: { status: c.status, assignedTo: c.assignedTo },
      after: { status: 'assigned', assignedTo: input.userId },
      at: ctx.now(),
    });
    return { id: c.id, status: 'assigned' as const };
  });
}

/** Closes a complaint with what was done about it. */
export async function resolveComplaint(ctx: AuthedContext, input: ResolveComplaintInput) {
  return ctx.db.transaction(async (tx) => {
    const c = await openComplaint(tx, ctx, input.id);
    const at = ctx.now();
    await updateComplaint(tx, c.id, { status: 'resolved', resolution: input.resolution, resolvedAt: at });
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: c.teamId,
      action: 'complaint.resolve',
      entityType: 'complaint',
      entityId: c.id,
      before: { status: c.status },
      after: { status: 'resolved', resolution: input.resolution },
      at,
    });
    return { id: c.id, status: 'resolved' as const };
  });
}
