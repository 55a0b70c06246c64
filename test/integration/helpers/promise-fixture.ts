/**
 * Promises added to the oversight fixture's team for the promise-tracking tests: a borrower with a case, one
 * visit made by a crew, and its outcome — a one-off promise or a repayment plan — optionally corrected by a
 * second version (with its own plan, as the field app records a corrected plan).
 */
import { randomUUID } from 'node:crypto';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { writeStoredStateFromHistory } from '../../../server/db/seed/stored-state';
import type { OutcomeCode } from '../../../shared/domain/constants';
import { at, PLACE } from './oversight-dataset';

type Crew = { id: string; lead: string; second: string | null };
type Plan = Array<{ dueDate: string; amountCents: number }>;

export interface PromiseCaseSpec {
  key: string;
  visitDate: string;
  crew: Crew;
  teamId: string;
  recordedBy: string;
  /** A one-off promise to pay: amount and date. */
  promise?: { amountCents: number; dueDate: string };
  plan?: Plan;
  correction?: { code: OutcomeCode; plan?: Plan };
}

let n = 0;

/** Writes the case, visit and outcome version(s); the loan reference is `PR-<key>`. */
export async function addPromiseCase(handle: DbHandle, spec: PromiseCaseSpec) {
  const db = handle.db;
  const ids = { borrower: randomUUID(), address: randomUUID(), case: randomUUID(), appointment: randomUUID() };
  const visitId = randomUUID();
  n++;
  await db.insert(s.borrowers).values({
    id: ids.borrower,
    fullName: `Promiser ${spec.key}`,
    idNumber: `31010119800101${String(n).padStart(4, '0')}`,
    phone: `1370000${String(n).padStart(4, '0')}`,
  });
  await db
    .insert(s.addresses)
    .values({ id: ids.address, borrowerId: ids.borrower, text: `Lane ${spec.key}`, district: 'Xuhui', ...PLACE.p1 });
  await db.insert(s.cases).values({
    id: ids.case,
    teamId: spec.teamId,
    borrowerId: ids.borrower,
    borrowerName: `Promiser ${spec.key}`,
    loanRef: `PR-${spec.key}`,
    product: 'cash_loan',
    principalCents: 1_000_000,
    overdueAmountCents: 300_000,
    daysPastDue: 45,
    bucket: 'M2',
  });
  await db.insert(s.appointments).values({
    id: ids.appointment,
    caseId: ids.case,
    addressId: ids.address,
    slotStart: at(spec.visitDate, '09:00'),
    slotEnd: at(spec.visitDate, '11:00'),
    agreedAt: at('2026-03-01', '10:00'),
    agreedVia: 'phone',
    status: 'completed',
  });
  await db.insert(s.visits).values({
    id: visitId,
    appointmentId: ids.appointment,
    teamId: spec.teamId,
    visitDate: spec.visitDate,
    slotStart: at(spec.visitDate, '09:00'),
    slotEnd: at(spec.visitDate, '11:00'),
    caseId: ids.case,
    addressId: ids.address,
    visitType: 'negotiation',
    status: 'completed',
    crewId: spec.crew.id,
    agentId: spec.crew.lead,
    secondAgentId: spec.crew.second,
    checkInAt: at(spec.visitDate, '09:30'),
  });
  const outcome = async (version: number, code: OutcomeCode, plan: Plan | undefined) => {
    const id = randomUUID();
    const total = plan?.reduce((sum, i) => sum + i.amountCents, 0);
    await db.insert(s.outcomes).values({
      id,
      visitId,
      version,
      code,
      idShown: true,
      borrowerPresent: true,
      promisedAmountCents: version === 1 && spec.promise ? spec.promise.amountCents : (total ?? null),
      promisedDate: version === 1 && spec.promise ? spec.promise.dueDate : (plan?.[0]?.dueDate ?? null),
      recordedBy: spec.recordedBy,
      recordedAt: at(spec.visitDate, version === 1 ? '10:30' : '18:00'),
      correctionReason: version === 1 ? null : 'corrected',
    });
    if (plan && total !== undefined) {
      const planId = randomUUID();
      await db.insert(s.repaymentPlans).values({
        id: planId,
        outcomeId: id,
        caseId: ids.case,
        totalCents: total,
        channel: 'bank_transfer',
      });
      await db.insert(s.instalments).values(plan.map((i, k) => ({ planId, seq: k + 1, ...i })));
    }
    return id;
  };
  const first = await outcome(1, spec.promise ? 'promise_to_pay' : 'repayment_plan_agreed', spec.plan);
  const corrected = spec.correction ? await outcome(2, spec.correction.code, spec.correction.plan) : null;
  // Inserted past the outcome writer: each visit's current outcome (and the cases' stored facts) from the history.
  await writeStoredStateFromHistory(db);
  return { caseId: ids.case, visitId, outcomeIds: { first, corrected } };
}
