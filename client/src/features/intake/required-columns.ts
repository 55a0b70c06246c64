import type { CaseImportColumn } from '@shared/domain/intake';

/** Marks on the mapping table (the server's row check decides): the lender's key, always. */
export const IMPORT_REQUIRED: readonly CaseImportColumn[] = ['loan_ref'];
/** And what a loan the team does not have yet needs (docs/import/columns.md). */
export const IMPORT_REQUIRED_NEW: readonly CaseImportColumn[] = [
  'borrower_name',
  'id_number',
  'phone',
  'address',
  'city',
  'district',
  'product',
  'overdue_amount',
  'days_past_due',
];
