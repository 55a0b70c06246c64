import { AppError } from '../../../shared/errors';
import type { ImportPaymentsInput, RecordPaymentInput } from '../../../shared/schemas/oversight';
import { localDate, zonedTimeToUtc } from '../../../shared/time';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { type CaseRow, lockCase, lockCasesOfLoans, refreshCasePromises } from '../cases/cases.service';
import type { CancelledVisit } from '../dispatch/dispatch.cancel';
import { announceVisit } from '../live/live.bus';
import { readTeamZone } from '../policy/policy.service';
import { assertTeamAccess, visibleTeamIds } from '../scope';
import { MAX_PAYMENT_IMPORT_ROWS, type PaymentCsvError, parsePaymentsCsv, paymentLineMessage } from './payments.csv';
import {
  findPaymentByReference,
  findUnpaidInstalments,
  insertPayment,
  setCaseStatus,
  sumPayments,
  updateInstalmentPaid,
} from './payments.repo';
import { retireCase } from './payments.retire';

type PaymentData = Omit<RecordPaymentInput, 'caseId'>;

/** A case as a payment meets it: locked (lockCase), with its team's zone for "paid on" a calendar day. */
type CaseRef = CaseRow & { timeZone: string };

/** The cases with their team's zone, from the policy reader (the one home of a team's zone and its default). */
async function withZones(tx: Tx, ctx: AuthedContext, found: CaseRow[]): Promise<CaseRef[]> {
  const zones = new Map<string, string>();
  for (const teamId of new Set(found.map((c) => c.teamId)))
    zones.set(teamId, await readTeamZone(tx, teamId, ctx.env.TZ_DEFAULT));
  return found.map((c) => ({ ...c, timeZone: zones.get(c.teamId) ?? ctx.env.TZ_DEFAULT }));
}

/**
 * Records one payment on a case and applies it: instalments of the current plans are settled oldest due first
 * (a one-off promise is judged by the case's payments themselves, see promise-state.sql.ts); when the payments
 * cover the overdue amount the case is paid and its pending visits are cancelled (each audited). A payment
 * whose reference is already recorded with the same details is a replay and changes nothing — also when the
 * two arrive at once: the insert claims the reference, the second waits for the first and then finds it.
 */
async function applyPayment(tx: Tx, ctx: AuthedContext, c: CaseRef, p: PaymentData, source: 'manual' | 'import') {
  const now = ctx.now();
  const inserted = await insertPayment(tx, { ...p, caseId: c.id, source, recordedBy: ctx.user.id, createdAt: now });
  if (!inserted) {
    const prior = await findPaymentByReference(tx, p.reference);
    if (prior && prior.caseId === c.id && prior.amountCents === p.amountCents && prior.paidOn === p.paidOn) {
      return { paymentId: prior.id, duplicate: true, casePaid: c.status === 'paid', cancelled: [] as CancelledVisit[] };
    }
    throw new AppError(
      'PAYMENT_REFERENCE_CONFLICT',
      { reference: p.reference },
      { reference: 'PAYMENT_REFERENCE_CONFLICT' },
    );
  }
  const { id } = inserted;
  // Paid "on" a calendar day: noon in the team's zone keeps that day whatever the zone.
  const paidAt = zonedTimeToUtc(p.paidOn, '12:00', c.timeZone);
  let left = p.amountCents;
  const settled: Array<{ id: string; paidCents: number }> = [];
  for (const i of await findUnpaidInstalments(tx, c.id)) {
    if (left <= 0) break;
    const take = Math.min(left, i.amountCents - i.paidCents);
    left -= take;
    const paidCents = i.paidCents + take;
    await updateInstalmentPaid(tx, i.id, paidCents, paidCents >= i.amountCents ? paidAt : null);
    settled.push({ id: i.id, paidCents });
  }
  // The payment may pay a promise in full (an instalment, or a one-off by the running total): the case's stored
  // earliest unpaid due date follows, in this transaction.
  await refreshCasePromises(tx, c.id);
  await appendAudit(tx, {
    actorUserId: ctx.user.id,
    teamId: c.teamId,
    action: 'payment.record',
    entityType: 'case',
    entityId: c.id,
    after: { paymentId: id, ...p, source, instalments: settled },
    at: now,
  });
  const casePaid = (await sumPayments(tx, c.id)) >= c.overdueAmountCents;
  let cancelled: CancelledVisit[] = [];
  if (casePaid && c.status !== 'paid') {
    await setCaseStatus(tx, c.id, 'paid');
    const why = { reason: 'case_paid', userId: ctx.user.id, at: now, context: { paymentId: id } };
    cancelled = await retireCase(tx, c, why, ctx);
  }
  return { paymentId: id, duplicate: false, casePaid, cancelled };
}

/** Tells the boards about the visits a settled case cancelled, after the commit. */
async function announceCancelled(ctx: AuthedContext, cancelled: CancelledVisit[]) {
  for (const v of cancelled) await announceVisit(ctx, v.teamId, 'visit.cancel', v.visitId);
}

/** A payment entered by hand; idempotent by the payment system's reference. */
export async function recordPayment(ctx: AuthedContext, input: RecordPaymentInput) {
  const { cancelled, ...out } = await ctx.db.transaction(async (tx) => {
    const found = await lockCase(tx, input.caseId);
    if (!found) throw new AppError('NOT_FOUND', { entity: 'case' });
    assertTeamAccess(ctx.user, found.teamId, 'case');
    const [c] = (await withZones(tx, ctx, [found])) as [CaseRef];
    const { caseId: _caseId, ...payment } = input;
    return applyPayment(tx, ctx, c, payment, 'manual');
  });
  await announceCancelled(ctx, cancelled);
  return { ...out, cancelledVisits: cancelled.length };
}

/** How many line errors a refused import lists (all are counted): the answer stays small for any file. */
const IMPORT_ERRORS_LISTED = 50;

/** The refusal of a file, each listed problem in the caller's language under "line <n>.<column>". */
function importRefused(ctx: AuthedContext, errors: PaymentCsvError[]): AppError {
  errors.sort((a, b) => a.line - b.line);
  const listed = errors
    .slice(0, IMPORT_ERRORS_LISTED)
    .map((e) => ({ line: e.line, field: e.field, code: e.code, message: paymentLineMessage(e, ctx.locale) }));
  return new AppError(
    'PAYMENT_IMPORT_INVALID',
    { count: new Set(errors.map((e) => e.line)).size, listed: listed.length, errors: listed },
    Object.fromEntries(listed.map((e) => [`line ${e.line}.${e.field}`, e.message])),
  );
}

/**
 * Imports a payments file of at most MAX_PAYMENT_IMPORT_ROWS lines: every line is checked first (errors name
 * the line and the column; the loans are looked up together), then all lines are applied in one transaction or
 * none. Lines already imported are skipped, so a re-import adds nothing.
 */
export async function importPayments(ctx: AuthedContext, input: ImportPaymentsInput) {
  const { rows, errors, tooMany } = parsePaymentsCsv(input.csv);
  if (tooMany) {
    throw new AppError(
      'PAYMENT_IMPORT_TOO_LARGE',
      { rows: tooMany, max: MAX_PAYMENT_IMPORT_ROWS },
      { csv: 'PAYMENT_IMPORT_TOO_LARGE' },
    );
  }
  const out = await ctx.db.transaction(async (tx) => {
    // Loans of teams the caller does not see are as unknown as loans that do not exist.
    const teamIds = visibleTeamIds(ctx.user);
    const found = await withZones(tx, ctx, await lockCasesOfLoans(tx, [...new Set(rows.map((r) => r.loanRef))]));
    const cases = new Map(found.filter((c) => !teamIds || teamIds.includes(c.teamId)).map((c) => [c.loanRef, c]));
    const now = ctx.now();
    for (const r of rows) {
      const c = cases.get(r.loanRef);
      if (!c)
        errors.push({
          line: r.line,
          field: 'loan_ref',
          code: 'PAYMENT_LINE_UNKNOWN_LOAN',
          params: { loanRef: r.loanRef },
        });
      // "Today" is the loan's team's: at 23:30 UTC a payment made this morning in Shanghai is not in the future.
      else if (r.paidOn > localDate(now, c.timeZone)) {
        errors.push({ line: r.line, field: 'paid_on', code: 'PAYMENT_LINE_PAID_IN_FUTURE' });
      }
    }
    errors.sort((a, b) => a.line - b.line);
    if (errors.length > 0) throw importRefused(ctx, errors);
    let added = 0;
    let skipped = 0;
    const cancelled: CancelledVisit[] = [];
    for (const r of rows) {
      const res = await applyPayment(tx, ctx, cases.get(r.loanRef) as CaseRef, r, 'import');
      if (res.duplicate) skipped++;
      else added++;
      cancelled.push(...res.cancelled);
    }
    return { added, skipped, cancelled };
  });
  await announceCancelled(ctx, out.cancelled);
  return { added: out.added, skipped: out.skipped, cancelledVisits: out.cancelled.length };
}
