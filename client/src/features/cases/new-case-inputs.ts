import { type BorrowerLanguage, createCaseInput } from '@shared/schemas/cases';
import { formInput } from '../../lib/form-input';

// The new-case form's input, checked with cases.create's own schema before it is sent
// (test/unit/client/form-inputs.test.ts holds it to the router's schema).

/** What the new-case form holds while it is filled in: numbers as typed (empty: ''), the team as chosen. */
export interface NewCaseValues {
  key: string;
  teamId: string | null;
  loanRef: string;
  product: string;
  /** Yuan with at most two decimals, as typed. */
  overdueYuan: number | string;
  daysPastDue: number | string;
  borrowerName: string;
  idNumber: string;
  phone: string;
  preferredLanguage: BorrowerLanguage;
  address: string;
  city: string;
  district: string;
  lat: number | string;
  lng: number | string;
}

/** A number as typed; empty or not a number stays NaN so the schema names the field. */
const typed = (v: number | string) => (v === '' ? Number.NaN : Number(v));

/** Yuan as typed to fen: rounded to the fen, so 0.1 + 0.2 typed as 0.30 is 30, not 30.000000000000004. */
export const yuanToCents = (v: number | string) => Math.round(typed(v) * 100);

export const createCaseForm = formInput(createCaseInput, (v: NewCaseValues) => ({
  idempotencyKey: v.key,
  teamId: v.teamId ?? '',
  loanRef: v.loanRef,
  product: v.product,
  overdueAmountCents: yuanToCents(v.overdueYuan),
  daysPastDue: typed(v.daysPastDue),
  borrowerName: v.borrowerName,
  idNumber: v.idNumber,
  phone: v.phone,
  preferredLanguage: v.preferredLanguage,
  address: v.address,
  city: v.city,
  district: v.district,
  lat: typed(v.lat),
  lng: typed(v.lng),
}));
