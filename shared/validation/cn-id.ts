/**
 * The mainland China resident identity card number (GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence and a check character (ISO 7064 MOD 11-2, "X" for 10). One home for the rule: the case
 * form's schema, case intake and the demo seed all ask here.
 */
import { calendarDateProblem } from '../time';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';
const ID_SHAPE = /^\d{17}[\dX]$/;

/** The check character for the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] as string;
}

/**
 * What is wrong with an ID number (upper-case "X" expected; the schema upper-cases what is typed): `format` when it
 * is not 17 digits and a digit or X, `birth_date` when digits 7–14 are not a real date, `check_digit` when the last
 * character does not match (a mistyped digit); null when it is a valid number.
 */
export function cnIdProblem(id: string): 'format' | 'birth_date' | 'check_digit' | null {
  if (!ID_SHAPE.test(id)) return 'format';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  // Only whether the day exists: the year range of input dates says nothing about when a borrower was born.
  if (calendarDateProblem(birth) === 'format' || calendarDateProblem(birth) === 'not_real') return 'birth_date';
  if (Number(id.slice(6, 10)) < 1900) return 'birth_date';
  return idCheckDigit(id.slice(0, 17)) === id[17] ? null : 'check_digit';
}

/** True when an 18-character resident ID number is well formed with a matching check character. */
export function isValidIdNumber(id: string): boolean {
  return cnIdProblem(id) === null;
}
