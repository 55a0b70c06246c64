import { AppError } from '../../../shared/errors';
import type { AcknowledgeInput, ComplianceListInput } from '../../../shared/schemas/oversight';
import { addDays } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { resolveScope } from '../reports/reports.service';
import { assertTeamAccess } from '../scope';
import {
  type ComplianceFact,
  findAcks,
  findBorrowerVisitDates,
  findComplianceFacts,
  insertAck,
} from './compliance.repo';
import { type ComplianceException, datesByBorrower, exceptionsOf, visitsInWindow } from './compliance-rules';

async function exceptionsFor(db: DbOrTx, facts: ComplianceFact[]): Promise<ComplianceException[]> {
  if (facts.length === 0) return [];
  // A loop, not Math.max(...): a quarter of a lender's visits is more arguments than a call may take.
  const maxWindow = facts.reduce((m, f) => Math.max(m, f.frequencyWindowDays), 0);
  const dates = facts.map((f) => f.visitDate).sort();
  const history = datesByBorrower(
    await findBorrowerVisitDates(
      db,
      [...new Set(facts.map((f) => f.caseBorrowerId))],
      addDays(dates[0] as string, -maxWindow),
      dates[dates.length - 1] as string,
    ),
  );
  return facts.flatMap((f) =>
    exceptionsOf(f, visitsInWindow(history, f.caseBorrowerId, f.visitDate, f.frequencyWindowDays)),
  );
}

/**
 * One page of the exceptions in the period and scope with their acknowledgements, newest visit first, with how
 * many there are in all and how many of those are not yet acknowledged. The rules run over the whole period
 * (compliance-rules.ts is their one home); only the page is sent.
 */
export async function listExceptions(ctx: AuthedContext, input: ComplianceListInput) {
  const facts = await findComplianceFacts(ctx.db, resolveScope(ctx, input.filter));
  const found = (await exceptionsFor(ctx.db, facts)).filter((e) => !input.rule || e.rule === input.rule);
  const acks = await findAcks(ctx.db, [...new Set(found.map((e) => e.visitId))]);
  const ackOf = new Map(acks.map((a) => [`${a.rule}|${a.visitId}`, a]));
  const all = found
    .map((e) => {
      const ack = ackOf.get(`${e.rule}|${e.visitId}`);
      return {
        ...e,
        acknowledgement: ack ? { comment: ack.comment, by: ack.by, at: ack.at.toISOString() } : null,
      };
    })
    .filter((e) => input.acknowledged === undefined || (e.acknowledgement !== null) === input.acknowledged)
    .sort(
      (a, b) =>
        b.visitDate.localeCompare(a.visitDate) || a.visitId.localeCompare(b.visitId) || a.rule.localeCompare(b.rule),
    );
  const start = input.page * input.pageSize;
  return {
    total: all.length,
    unacknowledged: all.filter((e) => e.acknowledgement === null).length,
    rows: all.slice(start, start + input.pageSize),
  };
}

/**
 * Records that a manager reviewed an exception, with a comment, audited in the same transaction. A retry
 * with the same comment returns the first acknowledgement; a different comment on an acknowledged one is refused.
 */
export async function acknowledge(ctx: AuthedContext, input: AcknowledgeInput) {
  return ctx.db.transaction(async (tx) => {
    const [fact] = await findComplianceFacts(
      tx,
      { teamIds: null, from: '0001-01-01', to: '9999-12-31' },
      input.visitId,
    );
    if (!fact) throw new AppError('NOT_FOUND', { entity: 'visit' });
    assertTeamAccess(ctx.user, fact.teamId, 'visit');
    const exceptions = await exceptionsFor(tx, [fact]);
    if (!exceptions.some((e) => e.rule === input.rule)) throw new AppError('NOT_AN_EXCEPTION', { rule: input.rule });
    const at = ctx.now();
    const inserted = await insertAck(tx, {
      teamId: fact.teamId,
      rule: input.rule,
      visitId: input.visitId,
      comment: input.comment,
      acknowledgedBy: ctx.user.id,
      acknowledgedAt: at,
    });
    if (!inserted) {
      const [prior] = (await findAcks(tx, [input.visitId])).filter((a) => a.rule === input.rule);
      if (prior && prior.comment !== input.comment) throw new AppError('ACK_CONFLICT', { by: prior.by });
      return { acknowledged: true, alreadyAcknowledged: true };
    }
    await appendAudit(tx, {
      actorUserId: ctx.user.id,
      teamId: fact.teamId,
      action: 'compliance.acknowledge',
      entityType: 'visit',
      entityId: input.visitId,
      after: { rule: input.rule, comment: input.comment },
      at,
    });
    return { acknowledged: true, alreadyAcknowledged: false };
  });
}
