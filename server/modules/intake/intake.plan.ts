/**
 * What one batch of checked rows does to the loans already there (pure): a new loan is created, a known one is
 * compared field by field — nothing different is `unchanged` and written nowhere — and a loan of another team
 * is refused. The same plan answers a dry run and drives the write, so the two count alike.
 */
import { bucketFor } from '../../../shared/domain/buckets';
import { addressText } from '../cases/cases.create';
import type { Located, LocateInput } from './intake.locate';
import { type CheckedRow, missingForNew, type RowProblem, type RowValues } from './intake.validate';
import type { ExistingLoan } from './intake.write.repo';

/** Where an address to be written is: coordinates (from the file or a geocoder) or none yet. */
export type Placement = Extract<Located, { kind: 'located' }> | { kind: 'unlocated' };

export interface NewAddressPlan {
  text: string;
  district: string;
  locate: LocateInput;
}

export interface CreatePlan {
  row: number;
  values: RowValues & Required<Pick<RowValues, 'borrowerName' | 'idNumber' | 'phone' | 'product'>>;
  address: NewAddressPlan;
}

export interface UpdatePlan {
  row: number;
  loan: ExistingLoan;
  /** The case's new figures, when any differs. */
  caseChange: {
    product: string;
    overdueAmountCents: number;
    daysPastDue: number;
    bucket: string;
    status: string;
  } | null;
  borrowerChange: { phone: string; preferredLanguage: string } | null;
  /** A new current address (the old one is superseded), when the text, district or coordinates differ. */
  address: NewAddressPlan | null;
  /** The file says paid or closed of a case that was still being collected: its future visits are retired. */
  retire: boolean;
}

export interface BatchPlan {
  creates: CreatePlan[];
  updates: UpdatePlan[];
  unchanged: number;
  problems: RowProblem[];
}

/** The statuses under which a case is still being collected (the file calls all of them `open`). */
const COLLECTING = new Set(['open', 'promised', 'disputed']);
const SAME_POINT = 1e-7;

const sameCoord = (a: number | null, b: number | undefined) =>
  b === undefined || (a !== null && Math.abs(a - b) < SAME_POINT);

function newAddress(row: number, v: RowValues, fallback?: { text: string; district: string }): NewAddressPlan {
  const text =
    v.address !== undefined
      ? addressText({ address: v.address, city: v.city ?? '', district: v.district ?? '' })
      : (fallback?.text ?? '');
  const district = v.district ?? fallback?.district ?? '';
  return {
    text,
    district,
    locate: { row, address: text, city: v.city ?? '', district, lat: v.lat ?? null, lng: v.lng ?? null },
  };
}

function planUpdate(row: number, v: RowValues, loan: ExistingLoan): UpdatePlan | null {
  const status =
    v.status === undefined || (v.status === 'open' && COLLECTING.has(loan.status)) ? loan.status : v.status;
  const next = {
    product: v.product ?? loan.product,
    overdueAmountCents: v.overdueAmountCents ?? loan.overdueAmountCents,
    daysPastDue: v.daysPastDue ?? loan.daysPastDue,
    status,
  };
  const caseDiffers =
    next.product !== loan.product ||
    next.overdueAmountCents !== loan.overdueAmountCents ||
    next.daysPastDue !== loan.daysPastDue ||
    next.status !== loan.status;
  const phone = v.phone ?? loan.phone;
  const preferredLanguage = v.preferredLanguage ?? loan.preferredLanguage;
  const borrowerDiffers = phone !== loan.phone || preferredLanguage !== loan.preferredLanguage;
  let address: NewAddressPlan | null = null;
  if (v.address !== undefined || v.lat !== undefined) {
    const current = loan.addressText === null ? undefined : { text: loan.addressText, district: loan.district ?? '' };
    const wanted = newAddress(row, v, current);
    const moved =
      !current ||
      wanted.text !== current.text ||
      wanted.district !== current.district ||
      !sameCoord(loan.lat, v.lat) ||
      !sameCoord(loan.lng, v.lng);
    if (moved && wanted.text !== '') address = wanted;
  }
  if (!caseDiffers && !borrowerDiffers && !address) return null;
  return {
    row,
    loan,
    caseChange: caseDiffers ? { ...next, bucket: bucketFor(next.daysPastDue) } : null,
    borrowerChange: borrowerDiffers ? { phone, preferredLanguage } : null,
    address,
    retire: COLLECTING.has(loan.status) && (next.status === 'paid' || next.status === 'closed'),
  };
}

/** The plan of a batch: `rows` are the valid ones, `loans` what the database holds of their references. */
export function planBatch(teamId: string, rows: CheckedRow[], loans: ExistingLoan[]): BatchPlan {
  const byRef = new Map(loans.map((l) => [l.loanRef, l]));
  const plan: BatchPlan = { creates: [], updates: [], unchanged: 0, problems: [] };
  for (const r of rows) {
    const v = r.values as RowValues;
    const loan = byRef.get(v.loanRef);
    if (loan && loan.teamId !== teamId) {
      plan.problems.push({
        row: r.row,
        column: 'loan_ref',
        code: 'IMPORT_LOAN_REF_OTHER_TEAM',
        params: { loanRef: v.loanRef },
      });
    } else if (loan) {
      const update = planUpdate(r.row, v, loan);
      if (update) plan.updates.push(update);
      else plan.unchanged++;
    } else {
      const missing = missingForNew(r.row, v);
      if (missing.length > 0) plan.problems.push(...missing);
      else plan.creates.push({ row: r.row, values: v as CreatePlan['values'], address: newAddress(r.row, v) });
    }
  }
  return plan;
}

/** The rows whose address is about to be written, for the locating step. */
export function toLocate(plan: BatchPlan): LocateInput[] {
  return [
    ...plan.creates.map((c) => c.address.locate),
    ...plan.updates.flatMap((u) => (u.address ? [u.address.locate] : [])),
  ];
}

/** Where to put an address: what the locating step answered, else the file's own coordinates, else nowhere yet. */
export function placementOf(
  a: NewAddressPlan,
  located: Map<number, Located>,
): Placement | Extract<Located, { kind: 'rejected' }> {
  const answer = located.get(a.locate.row);
  if (answer) return answer;
  const { lat, lng } = a.locate;
  return lat !== null && lng !== null
    ? { kind: 'located', lat, lng, source: 'import', quality: 'import' }
    : { kind: 'unlocated' };
}
