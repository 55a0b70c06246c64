import { describe, expect, it } from 'vitest';
import { oldestPosition } from '../../../client/src/lib/live-start';

describe('the position a live page opens its stream from', () => {
  it('is the oldest of the reads shown, compared as numbers, and unset until every read has answered', () => {
    expect(oldestPosition(['10', '9', '120'])).toBe('9');
    expect(oldestPosition(['7'])).toBe('7');
    expect(oldestPosition(['10', undefined])).toBeUndefined();
    expect(oldestPosition([])).toBeUndefined();
  });
});
