import { describe, expect, it } from 'vitest';
import { nextStamp } from '../../server/solver/search/stamps';

describe('stamps of a search module', () => {
  it('count up, and before leaving the Int32 range clear the marks and start again from 1', () => {
    const marks = new Int32Array([5, 0x3ffffffe, 7]);
    expect(nextStamp(5, marks)).toBe(6);
    expect([...marks]).toEqual([5, 0x3ffffffe, 7]);
    // The last stamp in range was 0x3ffffffe: the next one would be the limit, so every old mark is wiped.
    expect(nextStamp(0x3ffffffe, marks)).toBe(1);
    expect([...marks]).toEqual([0, 0, 0]);
  });
});
