import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone, presentBorrowerPhone, presentBorrowerPii } from '../../../shared/pii';

describe('PII masking by role', () => {
  const borrower = { phone: '13812345678', idNumber: '31010119900101123X' };

  it('masks phones and ID numbers keeping only prefix and last four', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('31010119900101123X')).toBe('310***********123X');
    expect(maskPhone('12345')).toBe('*****');
  });

  it('shows the phone to dispatchers and agents, never to managers or admins', () => {
    expect(presentBorrowerPii('dispatcher', borrower).phone).toBe('13812345678');
    expect(presentBorrowerPii('agent', borrower).phone).toBe('13812345678');
    expect(presentBorrowerPii('manager', borrower).phone).toBe('138****5678');
    expect(presentBorrowerPii('admin', borrower).phone).toBe('138****5678');
  });

  it('presents the phone alone (a list without ID numbers) by the same rule, on a screen and in an export', () => {
    for (const role of ['dispatcher', 'agent', 'manager', 'admin'] as const) {
      for (const use of ['screen', 'export'] as const) {
        expect(presentBorrowerPhone(role, borrower.phone, 'negotiation', use)).toBe(
          presentBorrowerPii(role, borrower, 'negotiation', use).phone,
        );
      }
    }
    expect(presentBorrowerPhone('manager', borrower.phone)).toBe('138****5678');
  });

  it('shows the ID number only to an agent on a verification visit', () => {
    expect(presentBorrowerPii('agent', borrower, 'verification').idNumber).toBe(borrower.idNumber);
    expect(presentBorrowerPii('agent', borrower, 'negotiation').idNumber).toBe('310***********123X');
    expect(presentBorrowerPii('admin', borrower, 'verification').idNumber).toBe('310***********123X');
  });

  it('masks both in an export for every role, even where the screen shows them', () => {
    for (const role of ['dispatcher', 'agent', 'manager', 'admin'] as const) {
      expect(presentBorrowerPii(role, borrower, 'verification', 'export')).toEqual({
        phone: '138****5678',
        idNumber: '310***********123X',
      });
    }
  });
});
