import { describe, expect, it } from 'vitest';
import { CREDENTIAL_WARNING_DAYS, credentialFlag, credentialStatus } from '../../../shared/credential';

describe('an agent’s credential, as the admin list flags it', () => {
  const today = '2026-02-20';

  it('runs out within 14 days (today counted): flagged with the days left; 15 days: not', () => {
    expect(CREDENTIAL_WARNING_DAYS).toBe(14);
    expect(credentialFlag('2026-02-20', today)).toEqual({ kind: 'expiring', daysLeft: 0 });
    expect(credentialFlag('2026-03-05', today)).toEqual({ kind: 'expiring', daysLeft: 13 });
    expect(credentialFlag('2026-03-06', today)).toEqual({ kind: 'expiring', daysLeft: 14 });
    expect(credentialFlag('2026-03-07', today)).toBeNull();
  });

  it('already ran out: expired, however long ago; across a month and a leap day the days are calendar days', () => {
    expect(credentialFlag('2026-02-19', today)).toEqual({ kind: 'expired', daysLeft: -1 });
    expect(credentialFlag('2020-01-01', today)?.kind).toBe('expired');
    expect(credentialFlag('2028-03-01', '2028-02-16')).toEqual({ kind: 'expiring', daysLeft: 14 });
  });

  it('the status the board checks agrees on the last valid day', () => {
    expect(credentialStatus('2025-01-01', today, today)).toBe('valid');
    expect(credentialStatus('2025-01-01', '2026-02-19', today)).toBe('expired');
  });
});
