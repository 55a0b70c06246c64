/**
 * One batch of an import (about a thousand valid rows): planned against what the database holds, located outside
 * any transaction (the geocoder may be slow), then written in one transaction under the batch's loan locks,
 * planned again there on fresh reads so a concurrent import of the same file finds the first one's cases.
 */
import { bucketFor } from '../../../shared/domain/buckets';
import { AppError } from '../../../shared/errors';
import type { Tx } from '../../db/client';
import { causes } from '../../db/pg-errors';
import { borrowersOfIdNumbers } from '../cases/cases.service';
import type { CancelledVisit } from '../dispatch/dispatch.cancel';
import { jobsFor } from '../jobs/queue';
import { retireCase } from '../payments/payments.retire';
import { type Located, locateRows } from './intake.locate';
import { type BatchPlan, type NewAddressPlan, placementOf, planBatch, toLocate } from './intake.plan';
import type { IntakeContext } from './intake.types';
import type { CheckedRow, RowProblem } from './intake.validate';
import {
  currentAddresses,
  insertAddresses,
  insertCases,
  lockLoanRefs,
  type NewAddress,
  readLoans,
  supersedeAddresses,
  updateBorrowers,
  updateCases,
} from './intake.write.repo';

export interface BatchResult {
  created: number;
  updated: number;
  unchanged: number;
  needsLocation: number;
  problems: RowProblem[];
  cancelled: CancelledVisit[];
}

export interface BatchTeam {
  id: string;
  timeZone: string;
}

/** Drops the rows the locating step refused from the plan, as row problems. */
function applyRefusals(plan: BatchPlan, located: Map<number, Located>): BatchPlan {
  const refused = new Set<number>();
  const problems = [...plan.problems];
  for (const [row, answer] of located) {
    if (answer.kind !== 'rejected') continue;
    refused.add(row);
    problems.push({ row, column: answer.column, code: answer.code, params: answer.params as RowProblem['params'] });
  }
  if (refused.size === 0) return plan;
  return {
    creates: plan.creates.filter((c) => !refused.has(c.row)),
    updates: plan.updates.filter((u) => !refused.has(u.row)),
    unchanged: plan.unchanged,
    problems,
  };
}

/** Reads, plans and locates a batch without writing: a dry run stops here, a real run hands `located` to the write. */
export async function planAndLocate(
  ctx: IntakeContext,
  team: BatchTeam,
  rows: CheckedRow[],
  known?: Map<number, Located>,
) {
  const refs = rows.map((r) => r.values?.loanRef as string);
  const plan = planBatch(team.id, rows, await readLoans(ctx.db, refs));
  const located = new Map(known);
  const ask = toLocate(plan).filter((l) => !located.has(l.row));
  if (ask.length > 0) {
    const answers = await locateRows(ctx, ctx.db, team.id, ask);
    ask.forEach((l, i) => {
      const a = answers[i];
      if (a) located.set(l.row, a);
    });
  }
  return { plan: applyRefusals(plan, located), located };
}

/** The address rows a plan writes, with what each is; `unlocated` ones wait for a dispatcher's pin. */
function addressRow(borrowerId: string, a: NewAddressPlan, located: Map<number, Located>): NewAddress {
  const p = placementOf(a, located);
  const placed = p.kind === 'located';
  return {
    borrowerId,
    text: a.text,
    district: a.district,
    lat: placed ? p.lat : null,
    lng: placed ? p.lng : null,
    geocodeSource: placed ? p.source : 'import',
    geocodeQuality: placed ? p.quality : 'unlocated',
  };
}

/** The counts a plan gives without writing (a dry run, or all-or-nothing's first pass). */
export function countPlan(plan: BatchPlan, located: Map<number, Located>): Omit<BatchResult, 'cancelled'> {
  const addresses = [
    ...plan.creates.map((c) => c.address),
    ...plan.updates.flatMap((u) => (u.address ? [u.address] : [])),
  ];
  return {
    created: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.unchanged,
    needsLocation: addresses.filter((a) => placementOf(a, located).kind === 'unlocated').length,
    problems: plan.problems,
  };
}

async function writePlan(tx: Tx, ctx: IntakeContext, team: BatchTeam, plan: BatchPlan, located: Map<number, Located>) {
  const at = ctx.now();
  const borrowers = await borrowersOfIdNumbers(
    tx,
    plan.creates.map((c) => ({
      idNumber: c.values.idNumber,
      fullName: c.values.borrowerName,
      phone: c.values.phone,
      preferredLanguage: c.values.preferredLanguage ?? 'zh-CN',
    })),
  );
  const borrowerOf = (idNumber: string) => borrowers.get(idNumber)?.id as string;
  // A borrower already known keeps an address they have (as the hand form's addCase does); a batch names it once.
  const known = new Map<string, string | null>();
  for (const a of await currentAddresses(tx, [...new Set(plan.creates.map((c) => borrowerOf(c.values.idNumber)))])) {
    known.set(`${a.borrowerId}|${a.text}|${a.district}`, a.id);
  }
  const fresh: NewAddress[] = [];
  for (const c of plan.creates) {
    const borrowerId = borrowerOf(c.values.idNumber);
    const key = `${borrowerId}|${c.address.text}|${c.address.district}`;
    if (known.has(key)) continue;
    known.set(key, null);
    fresh.push(addressRow(borrowerId, c.address, located));
  }
  const moved = plan.updates.filter((u) => u.address);
  fresh.push(...moved.map((u) => addressRow(u.loan.borrowerId, u.address as NewAddressPlan, located)));
  await supersedeAddresses(
    tx,
    moved.flatMap((u) => (u.loan.addressId ? [u.loan.addressId] : [])),
    at,
  );
  await insertAddresses(tx, fresh, at);
  await insertCases(
    tx,
    plan.creates.map((c) => ({
      teamId: team.id,
      borrowerId: borrowerOf(c.values.idNumber),
      loanRef: c.values.loanRef,
      product: c.values.product,
      // As a case typed in: what is overdue is all the file says of the principal.
      principalCents: c.values.overdueAmountCents as number,
      overdueAmountCents: c.values.overdueAmountCents as number,
      daysPastDue: c.values.daysPastDue as number,
      bucket: bucketFor(c.values.daysPastDue as number),
      status: c.values.status ?? 'open',
    })),
    at,
  );
  await updateCases(
    tx,
    plan.updates.flatMap((u) => (u.caseChange ? [{ caseId: u.loan.caseId, ...u.caseChange }] : [])),
    at,
  );
  await updateBorrowers(
    tx,
    plan.updates.flatMap((u) => (u.borrowerChange ? [{ borrowerId: u.loan.borrowerId, ...u.borrowerChange }] : [])),
  );
  const cancelled: CancelledVisit[] = [];
  // The borrowers of retired cases are told their visits are off, as a payment that settles a case tells them.
  const outbox = { jobs: jobsFor(ctx.db), env: { TZ_DEFAULT: team.timeZone }, now: ctx.now };
  for (const u of plan.updates.filter((x) => x.retire)) {
    const why = { reason: `case_${u.caseChange?.status}`, userId: ctx.actor.userId, at, context: { import: true } };
    const c = { id: u.loan.caseId, teamId: team.id, timeZone: team.timeZone };
    cancelled.push(...(await retireCase(tx, c, why, outbox)));
  }
  return cancelled;
}

const isLoanRefRace = (err: unknown) =>
  [...causes(err)].some((e) => e.code === '23505' && e.constraint === 'cases_loan_ref_unique');

/**
 * Writes a batch in one transaction under its loan locks, planned again on what the locks protect. A case made
 * meanwhile outside an import (the hand form takes no loan lock) meets the unique key: the batch is run once more,
 * when that loan is found and updated instead.
 */
export async function writeBatch(
  ctx: IntakeContext,
  team: BatchTeam,
  rows: CheckedRow[],
  located: Map<number, Located>,
): Promise<BatchResult> {
  const refs = rows.map((r) => r.values?.loanRef as string);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction(async (tx) => {
        await lockLoanRefs(tx, refs);
        const plan = applyRefusals(planBatch(team.id, rows, await readLoans(tx, refs)), located);
        const cancelled = await writePlan(tx, ctx, team, plan, located);
        return { ...countPlan(plan, located), cancelled };
      });
    } catch (err) {
      if (attempt >= 2 || !isLoanRefRace(err)) throw err;
    }
  }
}

/** An error of the whole batch that is not the file's fault, as the run's failure text. */
export function failureText(err: unknown): string {
  return err instanceof AppError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
}
