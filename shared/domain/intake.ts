/**
 * Case intake (SPEC §8.3): the columns of the lender's file, named exactly as the template has them
 * (docs/import/cases-template.csv), and the shapes every way in (browser, command line, API) shares.
 */

/** The template's columns, in its order. `loan_ref` is the lender's key; a new loan needs the borrower too. */
export const CASE_IMPORT_COLUMNS = [
  'loan_ref',
  'borrower_name',
  'id_number',
  'phone',
  'preferred_language',
  'address',
  'city',
  'district',
  'lat',
  'lng',
  'product',
  'overdue_amount',
  'days_past_due',
  'status',
] as const;
export type CaseImportColumn = (typeof CASE_IMPORT_COLUMNS)[number];

/** The columns a new loan must give (status and preferred language have defaults, coordinates are optional). */
export const REQUIRED_FOR_NEW = [
  'borrower_name',
  'id_number',
  'phone',
  'address',
  'city',
  'district',
  'product',
  'overdue_amount',
  'days_past_due',
] as const satisfies readonly CaseImportColumn[];

/** The statuses a file may give a case: `paid` and `closed` retire its future visits. */
export const CASE_IMPORT_STATUSES = ['open', 'paid', 'closed'] as const;

/** Which of the file's headers each template column is read from (null or absent: not in this file). */
export type ColumnMapping = Partial<Record<CaseImportColumn, string | null>>;

/** The ways a file comes in; each import run records its channel. */
export const IMPORT_CHANNELS = ['browser', 'cli', 'api'] as const;
export type ImportChannel = (typeof IMPORT_CHANNELS)[number];

/** One problem of one row: `row` is the file's data row number (the first row after the header is 1). */
export interface ImportRowError {
  row: number;
  /** A template column (loan_ref …), or `file` for a problem of the whole file. */
  column: string;
  code: string;
  /** In the caller's language. */
  message: string;
}

/** What an import did (or, on a dry run, would do): the same JSON from the browser, the command line and the API. */
export interface ImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  needsLocation: number;
  errors: ImportRowError[];
}
