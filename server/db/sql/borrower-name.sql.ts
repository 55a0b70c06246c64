/**
 * The name a case stores for its borrower (cases.borrower_name, migration 0025): the borrower row's, read in the
 * statement that writes the case. A borrower found by ID number keeps the name it was made with, whatever a new
 * case typed; cases_borrower_name_fk refuses any other value and carries a rename over. Every writer of a case
 * (the hand form, intake) composes this instead of passing a name it was given.
 */
import { type SQL, sql } from 'drizzle-orm';
import { borrowers } from '../../../drizzle/schema';

/** The borrower's full name, for `borrowerId` (a parameter or a column of the writing statement). */
export const borrowerNameOf = (borrowerId: SQL) =>
  sql<string>`(select b.full_name from ${borrowers} b where b.id = ${borrowerId})`;
