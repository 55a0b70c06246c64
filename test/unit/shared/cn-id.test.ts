import { describe, expect, it } from 'vitest';
import { cnIdProblem, idCheckDigit, isValidIdNumber } from '../../../shared/validation/cn-id';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the standard’s example numbers, X as a check character included', () => {
    expect(cnIdProblem('11010519491231002X')).toBeNull();
    expect(idCheckDigit('11010519491231002')).toBe('X');
  });

  it('a changed digit breaks the check character', () => {
    expect(cnIdProblem('110105194912310021')).toBe('check_digit');
    expect(cnIdProblem('11010519491231003X')).toBe('check_digit');
    // Two neighbouring digits swapped is caught too (the weights differ).
    expect(cnIdProblem('11010519491231020X')).toBe('check_digit');
  });

  it('a birth date that does not exist is named as such, before the check character', () => {
    const first17 = '11010519490230002';
    expect(cnIdProblem(first17 + idCheckDigit(first17))).toBe('birth_date');
    const ancient = '11010518000101002';
    expect(cnIdProblem(ancient + idCheckDigit(ancient))).toBe('birth_date');
  });

  it('anything but 17 digits and a digit or upper-case X is a format problem', () => {
    for (const bad of ['', '12345', '11010519491231002x', '1101051949123100X2', '11010519491231002XX', '１１０１']) {
      expect(cnIdProblem(bad), bad).toBe('format');
      expect(isValidIdNumber(bad)).toBe(false);
    }
  });
});
