import { describe, expect, it } from 'vitest';
import { iso, isoAt, withIsoInstants } from '../../../shared/wire';

describe('instants on the wire (shared/wire.ts)', () => {
  const at = new Date('2026-03-02T06:00:00+08:00');

  it('writes an instant as ISO 8601 with offset and keeps null and undefined as they are', () => {
    expect(iso(at)).toBe('2026-03-01T22:00:00.000Z');
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeUndefined();
  });

  it('turns every Date field of a row into its ISO string and leaves every other field alone', () => {
    const row = { id: 'a1', createdAt: at, resolvedAt: null as Date | null, count: 3, tags: ['x'] };
    const dto = withIsoInstants(row);
    expect(dto).toEqual({ id: 'a1', createdAt: '2026-03-01T22:00:00.000Z', resolvedAt: null, count: 3, tags: ['x'] });
    // The JSON a client receives is the same as before the mapping: only the server's type was dishonest.
    expect(JSON.parse(JSON.stringify(row))).toEqual(dto);
    expect(row.createdAt).toBeInstanceOf(Date);
  });

  it("writes Date#toISOString's string for every instant, V8's own for years outside 1000-9999 and invalid dates", () => {
    const instants = [
      Date.UTC(2026, 11, 3, 1, 2, 3, 4),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2028, 1, 29, 12, 0, 0, 50),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      -62198755200000, // year 0
      -8.64e15,
      8.64e15,
      0,
    ];
    // And every minute of a leap day and hour of two years, with varied milliseconds.
    for (let m = 0; m < 24 * 60; m++) instants.push(Date.UTC(2028, 1, 29, 0, m, m % 60, (m * 37) % 1000));
    for (let h = 0; h < 2 * 366 * 24; h++) instants.push(Date.UTC(2026, 0, 1, h, 0, 0, h % 1000));
    for (const ms of instants) {
      const expected = new Date(ms).toISOString();
      expect(iso(new Date(ms)), String(ms)).toBe(expected);
      expect(isoAt(ms)).toBe(expected);
    }
    expect(() => iso(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => isoAt(8.64e15 + 1)).toThrow(RangeError);
  });
});
