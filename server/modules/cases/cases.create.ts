/**
 * A case entered by hand (SPEC §8.1: a lender's first cases before file intake). The borrower is the person with
 * the ID number: one already known is reused as they are (name and phone kept; a typed name does not overwrite
 * what intake or an earlier case recorded) and gains the address if it is new. Case intake by file (#15) reuses
 * `addCase` row by row inside its own transaction.
 */
import { bucketFor } from '../../../shared/domain/buckets';
import { AppError } from '../../../shared/errors';
import type { CreateCaseInput } from '../../../shared/schemas/cases';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { publishLive } from '../live/live.bus';
import { getAccessibleTeam } from '../teams/teams.service';
import { addressOf, borrowerByIdNumber, insertCase, loanRefExists } from './cases.write.repo';

type CaseFields = Omit<CreateCaseInput, 'idempotencyKey'>;

/**
 * The address as it is stored and shown: the street address led by its city and district unless it already
 * names them (people type "上海市徐汇区漕溪北路88号" as often as "漕溪北路88号").
 */
export function addressText(f: Pick<CaseFields, 'address' | 'city' | 'district'>): string {
  const lead = [f.city, f.district].filter((part) => !f.address.includes(part));
  if (lead.length === 0) return f.address;
  // Chinese addresses run together; others read better with commas, smallest part first.
  return /[\u4e00-\u9fff]/.test(f.address) ? `${lead.join('')}${f.address}` : [f.address, ...lead.reverse()].join(', ');
}

/**
 * Writes one case with its borrower and address in the caller's transaction, audited; the caller has checked the
 * team. LOAN_REF_TAKEN on the loan reference when it exists (a concurrent twin meets the unique key instead).
 */
export async function addCase(ctx: AuthedContext, tx: DbOrTx, f: CaseFields) {
  if (await loanRefExists(tx, f.loanRef)) {
    throw new AppError('LOAN_REF_TAKEN', { loanRef: f.loanRef }, { loanRef: 'LOAN_REF_TAKEN' });
  }
  const borrower = await borrowerByIdNumber(tx, {
    idNumber: f.idNumber,
    fullName: f.borrowerName,
    phone: f.phone,
    preferredLanguage: f.preferredLanguage,
  });
  const address = await addressOf(tx, {
    borrowerId: borrower.id,
    text: addressText(f),
    district: f.district,
    lat: f.lat,
    lng: f.lng,
  });
  const values = {
    teamId: f.teamId,
    borrowerId: borrower.id,
    loanRef: f.loanRef,
    product: f.product,
    // A case typed in carries no loan file: what is overdue is all that is known of the principal.
    principalCents: f.overdueAmountCents,
    overdueAmountCents: f.overdueAmountCents,
    daysPastDue: f.daysPastDue,
    bucket: bucketFor(f.daysPastDue),
  };
  const caseId = await insertCase(tx, values);
  await appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId: f.teamId,
    action: 'case.create',
    entityType: 'case',
    entityId: caseId,
    // The ID number and phone are personal data: the audit names the borrower row, not its numbers.
    after: {
      ...values,
      borrowerCreated: borrower.created,
      addressId: address.id,
      addressCreated: address.created,
    },
    at: ctx.now(),
  });
  return { id: caseId, borrowerId: borrower.id, borrowerCreated: borrower.created, addressId: address.id };
}

/** cases.create: one case entered by hand for a team the caller works for; idempotent on the client's key. */
export async function createCase(ctx: AuthedContext, input: CreateCaseInput) {
  await getAccessibleTeam(ctx, input.teamId);
  const { idempotencyKey: _key, ...fields } = input;
  const result = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'cases.create' }, () => addCase(ctx, tx, fields)),
  );
  try {
    const at = ctx.now().toISOString();
    await publishLive(ctx, {
      teamId: input.teamId,
      action: 'case.create',
      entityType: 'case',
      entityId: result.id,
      at,
    });
  } catch (err) {
    ctx.log.warn({ err }, 'live publish failed');
  }
  return result;
}
