/**
 * Inputs of a case entered by hand (a lender's first cases, before file intake): the loan, its borrower (matched by
 * resident ID number) and the address a visit goes to. The borrower and address blocks are exported for intake.
 */
import { z } from 'zod';
import { cents, cnIdNumber, id, idempotencyKey, int, mobilePhone, number, pattern, text } from './common';

/** The languages a borrower may prefer to be spoken to in (notices, the slot link, who visits). */
export const BORROWER_LANGUAGES = ['zh-CN', 'en'] as const;
export type BorrowerLanguage = (typeof BORROWER_LANGUAGES)[number];

/** Who the borrower is: matched by ID number, so name and phone only describe a borrower not yet known. */
export const borrowerFields = {
  borrowerName: text({ min: 1, max: 64 }),
  idNumber: cnIdNumber,
  phone: mobilePhone,
  preferredLanguage: z.enum(BORROWER_LANGUAGES),
};

/** Where a visit goes: the street address with its city and district, and the point the map and routes use. */
export const addressFields = {
  address: text({ min: 1, max: 200 }),
  city: text({ min: 1, max: 40 }),
  district: text({ min: 1, max: 40 }),
  lat: number({ min: -90, max: 90 }),
  lng: number({ min: -180, max: 180 }),
};

/** The loan: its reference (unique, upper-cased so "xfd-1" = "XFD-1"), product and how far overdue it is. */
export const loanFields = {
  loanRef: pattern(/^[A-Z0-9][A-Z0-9._/-]*$/, {
    min: 2,
    max: 40,
    message: 'LOAN_REF_FORMAT',
    example: 'XFD-2026-000123',
    upperCase: true,
  }),
  product: text({ min: 1, max: 40 }),
  /** The overdue amount in fen: the form takes yuan with two decimals. */
  overdueAmountCents: cents,
  daysPastDue: int({ min: 0, max: 9_999 }),
};

export const createCaseInput = z.object({
  idempotencyKey,
  teamId: id,
  ...loanFields,
  ...borrowerFields,
  ...addressFields,
});
export type CreateCaseInput = z.infer<typeof createCaseInput>;
