import { describe, expect, it } from 'vitest';
import { iso, withIsoInstants } from '../../../shared/wire';

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
});
