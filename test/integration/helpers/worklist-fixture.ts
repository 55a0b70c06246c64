/**
 * A team of 48 hand-made cases for the worklist tests, with a model of what each case is (days past due,
 * amount, district, notices, agreed slots, callback requests, promises) so the expected pages, counts and
 * orders are computed from the same facts the rows were written from. A second team of 5 cases must never show.
 */
import { randomUUID } from 'node:crypto';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { demoComplaintChannel } from '../../../server/db/seed/staff';
import { writeStoredStateFromHistory } from '../../../server/db/seed/stored-state';
import { ACTIVE_CASE_STATUSES, type CaseStatus } from '../../../shared/domain/constants';
import { addDays } from '../../../shared/time';
import { fixtureAgent, fixtureUser, insertTeams, sessionOf } from './fixture-team';
import { at } from './oversight-dataset';

export const TODAY = '2026-03-12';
export const NOW = at(TODAY, '09:00');
export const DISTRICTS = ['Xuhui', 'Minhang', 'Pudong'] as const;

/** What one case of the team is, and so what the worklist must say about it. */
export interface ModelCase {
  i: number;
  id: string;
  loanRef: string;
  borrowerName: string;
  daysPastDue: number;
  amountCents: number;
  status: CaseStatus;
  district: string;
  lastContactAt: Date | null;
  nextSlotStart: Date | null;
  needsNotice: boolean;
  noSlot: boolean;
  callback: boolean;
  brokenPromise: boolean;
}

const pad = (i: number) => String(i).padStart(3, '0');
// Mixed case on purpose: the search ignores case.
const NAMES = ['Wang Fang', 'li na', 'Zhang Wei', 'Chen Jing', 'liu yang', 'Zhao Lei', 'Huang Min', 'Zhou Jie'];

function statusOf(i: number): CaseStatus {
  if (i % 12 === 0) return 'paid';
  return i % 12 === 6 ? 'disputed' : 'open';
}

export async function buildWorklistFixture(handle: DbHandle) {
  const db = handle.db;
  const team = randomUUID();
  const otherTeam = randomUUID();
  await insertTeams(db, [
    // Its borrowers get slot links, which name where to complain: a team without a channel gets none.
    { id: team, name: 'Worklist team', code: 'WL1', city: 'Shanghai', ...demoComplaintChannel(0) },
    { id: otherTeam, name: 'Other worklist team', code: 'WL2', city: 'Shanghai' },
  ]);
  const dispatcher = fixtureUser('wl-dispatcher', 'dispatcher');
  const admin = fixtureUser('wl-admin', 'admin');
  const agentUser = fixtureUser('wl-agent', 'agent');
  await db.insert(s.users).values([dispatcher, admin, agentUser]);
  await db.insert(s.userTeams).values({ userId: dispatcher.id, teamId: team });
  const agent = fixtureAgent({ userId: agentUser.id, teamId: team, fullName: 'Agent WL', badgeNo: 'WL-1' });
  await db.insert(s.agents).values(agent);
  const agentId = agent.id;
  const crewId = randomUUID();
  await db.insert(s.crews).values({ id: crewId, teamId: team, workDate: addDays(TODAY, -5), name: 'wl-crew' });

  const model: ModelCase[] = [];
  for (let i = 1; i <= 48; i++)
    model.push(await addCase(db, { team, i, dispatcherId: dispatcher.id, agentId, crewId }));
  for (let i = 1; i <= 5; i++) {
    await addBorrowerCase(db, { team: otherTeam, i, loanRef: `WB-${pad(i)}`, name: `${NAMES[0]} ${pad(i)}` });
  }
  // The rows above were inserted directly, past the writers that keep each case's stored facts: written from
  // the history as the seed does.
  await writeStoredStateFromHistory(db);
  return {
    team,
    otherTeam,
    model,
    dispatcher: sessionOf(dispatcher, [team]),
    admin: sessionOf(admin, []),
  };
}

async function addBorrowerCase(
  db: DbHandle['db'],
  c: {
    team: string;
    i: number;
    loanRef: string;
    name: string;
    dpd?: number;
    amount?: number;
    status?: CaseStatus;
    district?: string;
  },
) {
  const borrower = randomUUID();
  const address = randomUUID();
  const caseId = randomUUID();
  await db.insert(s.borrowers).values({
    id: borrower,
    fullName: c.name,
    idNumber: `3101011985${c.loanRef.startsWith('WB') ? 9 : 1}${c.loanRef.replace(/\D/g, '').padStart(7, '0')}`,
    phone: '13900000000',
  });
  await db.insert(s.addresses).values({
    id: address,
    borrowerId: borrower,
    label: 'home',
    text: `Road ${c.loanRef}`,
    district: c.district ?? 'Xuhui',
    lat: 31.2,
    lng: 121.4,
  });
  await db.insert(s.cases).values({
    id: caseId,
    teamId: c.team,
    borrowerId: borrower,
    borrowerName: c.name,
    loanRef: c.loanRef,
    product: 'cash_loan',
    principalCents: 1_000_000,
    overdueAmountCents: c.amount ?? 100_000,
    daysPastDue: c.dpd ?? 40,
    bucket: 'M2',
    status: c.status ?? 'open',
  });
  return { borrower, address, caseId };
}

async function addCase(
  db: DbHandle['db'],
  f: { team: string; i: number; dispatcherId: string; agentId: string; crewId: string },
): Promise<ModelCase> {
  const { i } = f;
  const status = statusOf(i);
  const active = (ACTIVE_CASE_STATUSES as readonly string[]).includes(status);
  const spec = {
    team: f.team,
    i,
    loanRef: `WL-${pad(i)}`,
    name: `${NAMES[i % NAMES.length]} ${pad(i)}`,
    dpd: 31 + ((i * 37) % 300),
    amount: (1000 + ((i * 29) % 97)) * 100,
    status,
    district: DISTRICTS[i % 3] as string,
  };
  const { address, caseId } = await addBorrowerCase(db, spec);
  // A notice on three cases in four; on every eighth a follow-up call only, which is contact but not a notice.
  let lastContactAt: Date | null = null;
  if (i % 4 !== 0) {
    lastContactAt = new Date(NOW.getTime() - (i + 24) * 3_600_000);
    await db
      .insert(s.contactAttempts)
      .values({ caseId, stage: 'first_notice', channel: 'sms', attemptedAt: lastContactAt, result: 'sent' });
  } else if (i % 8 === 0) {
    lastContactAt = new Date(NOW.getTime() - i * 60_000);
    await db
      .insert(s.contactAttempts)
      .values({ caseId, stage: 'follow_up', channel: 'phone', attemptedAt: lastContactAt, result: 'no answer' });
  }
  // Agreed slots: ahead on every fifth case; a passed one (i % 5 = 1) or a cancelled one (i % 5 = 2) is no slot.
  let nextSlotStart: Date | null = null;
  const appointment = async (day: number, state: 'agreed' | 'cancelled') => {
    const slotStart = at(addDays(TODAY, day), `${String(8 + (i % 10)).padStart(2, '0')}:00`);
    await db.insert(s.appointments).values({
      caseId,
      addressId: address,
      slotStart,
      slotEnd: new Date(slotStart.getTime() + 2 * 3_600_000),
      agreedAt: at(addDays(TODAY, -20), '10:00'),
      agreedVia: 'phone',
      status: state,
    });
    return slotStart;
  };
  if (i % 5 === 0) nextSlotStart = await appointment(1 + (i % 3), 'agreed');
  if (i % 5 === 1) await appointment(-3, 'agreed');
  if (i % 5 === 2) await appointment(2, 'cancelled');
  // Callback requests: open on every seventh case; one already scheduled (i % 7 = 1) does not count.
  if (i % 7 === 0 || i % 7 === 1) {
    await db.insert(s.followUpProposals).values({
      caseId,
      kind: 'callback',
      reason: 'call me',
      proposedFor: TODAY,
      status: i % 7 === 0 ? 'open' : 'dismissed',
    });
  }
  // Promises: one-off promises broken on 3 and 10, kept on 11; an instalment broken on 17 (case 12 is paid).
  const promise = { 3: 'broken', 10: 'broken', 11: 'kept', 17: 'plan' }[i];
  if (promise) await addPromise(db, { ...f, caseId, address, kind: promise });
  return {
    i,
    id: caseId,
    loanRef: spec.loanRef,
    borrowerName: spec.name,
    daysPastDue: spec.dpd,
    amountCents: spec.amount,
    status,
    district: spec.district,
    lastContactAt,
    nextSlotStart,
    needsNotice: active && i % 4 === 0,
    noSlot: active && i % 5 !== 0,
    callback: i % 7 === 0,
    brokenPromise: active && (promise === 'broken' || promise === 'plan'),
  };
}

async function addPromise(
  db: DbHandle['db'],
  p: {
    team: string;
    dispatcherId: string;
    agentId: string;
    crewId: string;
    caseId: string;
    address: string;
    kind: string;
  },
) {
  const made = addDays(TODAY, -5);
  const appointmentId = randomUUID();
  const visitId = randomUUID();
  const outcomeId = randomUUID();
  await db.insert(s.appointments).values({
    id: appointmentId,
    caseId: p.caseId,
    addressId: p.address,
    slotStart: at(made, '10:00'),
    slotEnd: at(made, '12:00'),
    agreedAt: at(addDays(TODAY, -20), '10:00'),
    agreedVia: 'phone',
    status: 'completed',
  });
  await db.insert(s.visits).values({
    id: visitId,
    appointmentId,
    teamId: p.team,
    visitDate: made,
    slotStart: at(made, '10:00'),
    slotEnd: at(made, '12:00'),
    caseId: p.caseId,
    addressId: p.address,
    visitType: 'negotiation',
    status: 'completed',
    crewId: p.crewId,
    agentId: p.agentId,
  });
  const due = addDays(TODAY, -2);
  const plan = p.kind === 'plan';
  await db.insert(s.outcomes).values({
    id: outcomeId,
    visitId,
    version: 1,
    code: plan ? 'repayment_plan_agreed' : 'promise_to_pay',
    idShown: true,
    borrowerPresent: true,
    promisedAmountCents: 50_000,
    promisedDate: due,
    recordedBy: p.dispatcherId,
    recordedAt: at(made, '11:00'),
  });
  if (plan) {
    const planId = randomUUID();
    await db
      .insert(s.repaymentPlans)
      .values({ id: planId, outcomeId, caseId: p.caseId, totalCents: 50_000, channel: 'alipay' });
    await db.insert(s.instalments).values({ planId, seq: 1, dueDate: due, amountCents: 50_000 });
  }
  if (p.kind === 'kept') {
    await db.insert(s.payments).values({
      caseId: p.caseId,
      amountCents: 50_000,
      paidOn: addDays(TODAY, -3),
      channel: 'alipay',
      reference: `WL-PAY-${p.caseId}`,
    });
  }
}
