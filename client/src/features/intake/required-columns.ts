import type { CaseImportColumn } from '@shared/domain/intake';

export { REQUIRED_FOR_NEW as IMPORT_REQUIRED_NEW } from '@shared/domain/intake';

/** Marked on the mapping table (the server's row check decides): the lender's key, always. */
export const IMPORT_REQUIRED: readonly CaseImportColumn[] = ['loan_ref'];
