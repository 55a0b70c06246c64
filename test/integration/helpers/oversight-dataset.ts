/**
 * The oversight fixture's dataset: the dates and places it uses and every borrower, visit, outcome and
 * instalment, written explicitly so the expected numbers can be worked out by hand.
 */
import { randomUUID } from 'node:crypto';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { writeStoredStateFromHistory } from '../../../server/db/seed/stored-state';
import type { OutcomeCode, VisitStatus } from '../../../shared/domain/constants';
import { zonedTimeToUtc } from '../../../shared/time';

export const TZ = 'Asia/Shanghai';
export const D1 = '2026-03-10';
export const D2 = '2026-03-11';
export const D3 = '2026-03-12';
export const at = (date: string, time: string) => zonedTimeToUtc(date, time, TZ);

export const PLACE = {
  p1: { lat: 31.2, lng: 121.4 },
  p2: { lat: 31.218, lng: 121.4 },
  p3: { lat: 31.25, lng: 121.45 },
} as const;

export type CrewKey = 'c1' | 'c2' | 'c1b' | 'c3';

/** The team the dataset's visits belong to: its id, its crews and the user who records the outcomes. */
export interface OversightTeam {
  team: string;
  crews: Record<CrewKey, { id: string; lead: string; second: string | null }>;
  recordedBy: string;
}

interface VisitSpec {
  key: string;
  date: string;
  slot: [string, string];
  status: VisitStatus;
  crew?: CrewKey;
  borrower: string;
  /** The address belongs to another borrower (to test the "not the borrower's address" rule). */
  foreignAddressOf?: string;
  place?: keyof typeof PLACE;
  checkIn?: string;
  distanceM?: number;
  outcome?: {
    code: OutcomeCode;
    present: boolean;
    idShown?: boolean;
    recordings?: number;
    promisedCents?: number;
    /** A correction recorded at this local date-time as version 2 with this code. */
    correction?: { at: [string, string]; code: OutcomeCode };
  };
}

/** Writes the dataset for `org`'s team and returns the ids the tests look its rows up by. */
export async function addOversightDataset(db: DbHandle['db'], org: OversightTeam) {
  const id = () => randomUUID();
  const { team, crews } = org;
  const borrowerIds = new Map<string, { borrower: string; address: string; case: string }>();
  const borrowerOf = async (key: string, place: keyof typeof PLACE) => {
    const known = borrowerIds.get(key);
    if (known) return known;
    const b = { borrower: id(), address: id(), case: id() };
    await db.insert(s.borrowers).values({
      id: b.borrower,
      fullName: `Borrower ${key}`,
      idNumber: `31010119900101${String(borrowerIds.size).padStart(4, '0')}`,
      phone: `1390000${String(borrowerIds.size).padStart(4, '0')}`,
    });
    await db.insert(s.addresses).values({
      id: b.address,
      borrowerId: b.borrower,
      text: `Road ${key}`,
      district: 'Xuhui',
      ...PLACE[place],
    });
    await db.insert(s.cases).values({
      id: b.case,
      teamId: team,
      borrowerId: b.borrower,
      borrowerName: `Borrower ${key}`,
      loanRef: `FX-LOAN-${key}`,
      product: 'cash_loan',
      principalCents: 1_000_000,
      overdueAmountCents: 300_000,
      daysPastDue: 40,
      bucket: 'M2',
    });
    borrowerIds.set(key, b);
    return b;
  };

  const visitIds: Record<string, string> = {};
  const outcomeIds: Record<string, string> = {};
  const add = async (v: VisitSpec) => {
    const b = await borrowerOf(v.borrower, v.place ?? 'p1');
    const addressId = v.foreignAddressOf ? (await borrowerOf(v.foreignAddressOf, 'p3')).address : b.address;
    const appointmentId = id();
    await db.insert(s.appointments).values({
      id: appointmentId,
      caseId: b.case,
      addressId,
      slotStart: at(v.date, v.slot[0]),
      slotEnd: at(v.date, v.slot[1]),
      agreedAt: at('2026-03-01', '10:00'),
      agreedVia: 'phone',
    });
    const crew = v.crew ? crews[v.crew] : null;
    const visitId = id();
    visitIds[v.key] = visitId;
    await db.insert(s.visits).values({
      id: visitId,
      appointmentId,
      teamId: team,
      visitDate: v.date,
      slotStart: at(v.date, v.slot[0]),
      slotEnd: at(v.date, v.slot[1]),
      caseId: b.case,
      addressId,
      visitType: 'negotiation',
      status: v.status,
      crewId: crew?.id ?? null,
      agentId: crew?.lead ?? null,
      secondAgentId: crew?.second ?? null,
      checkInAt: v.checkIn ? at(v.date, v.checkIn) : null,
      checkInDistanceM: v.distanceM ?? null,
    });
    if (!v.outcome) return;
    const o = v.outcome;
    const outcomeId = id();
    outcomeIds[v.key] = outcomeId;
    const base = {
      visitId,
      idShown: o.idShown ?? true,
      recordingRefs: Array.from({ length: o.recordings ?? 1 }, (_, i) => `rec://${v.key}/${i}.m4a`),
      borrowerPresent: o.present,
      recordedBy: org.recordedBy,
    };
    await db.insert(s.outcomes).values({
      ...base,
      id: outcomeId,
      version: 1,
      code: o.code,
      promisedAmountCents: o.promisedCents ?? null,
      recordedAt: at(v.date, '20:00'),
    });
    if (o.correction) {
      await db.insert(s.outcomes).values({
        ...base,
        version: 2,
        code: o.correction.code,
        recordedAt: at(o.correction.at[0], o.correction.at[1]),
        correctionReason: 'wrong code',
      });
    }
  };

  // Period D1..D2: the KPI test's dataset (see kpi.test.ts for the numbers worked out by hand).
  await add({
    key: 'v1',
    date: D1,
    slot: ['09:00', '11:00'],
    status: 'completed',
    crew: 'c1',
    borrower: 'b1',
    place: 'p1',
    checkIn: '09:30',
    distanceM: 50,
    outcome: { code: 'promise_to_pay', present: true, promisedCents: 50_000 },
  });
  await add({
    key: 'v2',
    date: D1,
    slot: ['10:00', '12:00'],
    status: 'completed',
    crew: 'c1',
    borrower: 'b2',
    place: 'p2',
    checkIn: '12:10',
    distanceM: 30,
    outcome: { code: 'repayment_plan_agreed', present: true },
  });
  await add({
    key: 'v3',
    date: D1,
    slot: ['14:00', '16:00'],
    status: 'completed',
    crew: 'c2',
    borrower: 'b3',
    checkIn: '14:20',
    distanceM: 350,
    outcome: { code: 'borrower_absent', present: false, idShown: false, recordings: 0 },
  });
  await add({ key: 'v4', date: D1, slot: ['16:00', '18:00'], status: 'missed', crew: 'c2', borrower: 'b4' });
  await add({
    key: 'v5',
    date: D2,
    slot: ['09:00', '11:00'],
    status: 'completed',
    crew: 'c1b',
    borrower: 'b5',
    checkIn: '09:05',
    distanceM: 160,
    outcome: { code: 'refused', present: true, correction: { at: [D3, '09:00'], code: 'dispute' } },
  });
  await add({ key: 'v6', date: D2, slot: ['13:00', '15:00'], status: 'cancelled', borrower: 'b6' });
  await add({
    key: 'v7',
    date: D2,
    slot: ['15:00', '17:00'],
    status: 'assigned',
    crew: 'c1b',
    borrower: 'b7',
    foreignAddressOf: 'b8',
  });
  // D3: outside the KPI period, for the compliance rules.
  await add({
    key: 'v8',
    date: D3,
    slot: ['21:00', '23:00'],
    status: 'completed',
    crew: 'c3',
    borrower: 'b9',
    checkIn: '22:30',
    distanceM: 20,
    outcome: { code: 'promise_to_pay', present: true, promisedCents: 10_000 },
  });
  await add({ key: 'v9', date: D3, slot: ['09:00', '10:00'], status: 'assigned', crew: 'c3', borrower: 'b1' });
  await add({ key: 'v10', date: D3, slot: ['10:30', '11:30'], status: 'assigned', crew: 'c3', borrower: 'b1' });
  // On site now: the audit test records its outcome through the field procedure (hash-chained).
  await add({
    key: 'v11',
    date: D3,
    slot: ['14:00', '16:00'],
    status: 'on_site',
    crew: 'c3',
    borrower: 'b10',
    checkIn: '14:05',
    distanceM: 15,
  });

  // The repayment plan agreed at v2: due D1 (part-paid), D2 (paid on time), D2 (paid a day late), D1+40 (later).
  const planId = id();
  await db.insert(s.repaymentPlans).values({
    id: planId,
    outcomeId: outcomeIds.v2 as string,
    caseId: (borrowerIds.get('b2') as { case: string }).case,
    totalCents: 40_000,
    channel: 'bank_transfer',
  });
  await db.insert(s.instalments).values([
    { planId, seq: 1, dueDate: D1, amountCents: 5_000, paidCents: 3_000, paidAt: at(D1, '18:00') },
    { planId, seq: 2, dueDate: D2, amountCents: 10_000, paidCents: 10_000, paidAt: at(D2, '23:30') },
    { planId, seq: 3, dueDate: D2, amountCents: 10_000, paidCents: 10_000, paidAt: at(D3, '00:30') },
    { planId, seq: 4, dueDate: '2026-04-19', amountCents: 15_000, paidCents: 0 },
  ]);
  // Inserted past the outcome writer: each visit's current outcome (and the cases' stored facts) from the history.
  await writeStoredStateFromHistory(db);

  return {
    visitIds,
    outcomeIds,
    cases: Object.fromEntries([...borrowerIds].map(([k, v]) => [k, v.case])),
    planId,
  };
}
