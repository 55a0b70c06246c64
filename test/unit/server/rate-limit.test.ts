import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../../server/modules/auth/rate-limit';

describe('sign-in failure limiter', () => {
  it('blocks after the limit within the window and frees the key as failures age out', () => {
    const limiter = new FailureLimiter(3, 60_000);
    for (const t of [0, 1000, 2000]) limiter.fail('k', t);
    expect(limiter.retryAfterMs('k', 2500)).toBe(57_500);
    expect(limiter.retryAfterMs('other', 2500)).toBe(0);
    expect(limiter.retryAfterMs('k', 60_001)).toBe(0);
  });

  it('forgets a key on success', () => {
    const limiter = new FailureLimiter(1, 60_000);
    limiter.fail('k', 0);
    expect(limiter.retryAfterMs('k', 1)).toBeGreaterThan(0);
    limiter.reset('k');
    expect(limiter.retryAfterMs('k', 1)).toBe(0);
  });
});
