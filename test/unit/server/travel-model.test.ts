import { describe, expect, it } from 'vitest';
import { StraightLineProvider } from '../../../server/routing/matrix';
import { haversineM, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';

// Two Shanghai addresses ~3.9 km apart as the crow flies.
const a = { lat: 31.2304, lng: 121.4737 };
const b = { lat: 31.2243, lng: 121.5129 };

describe('one straight-line travel model (shared/geo)', () => {
  it("the routing layer's default provider uses the rules' detour factor and speed", () => {
    const m = new StraightLineProvider().matrixSync([a, b]);
    expect(m.distances[1]).toBeCloseTo(haversineM(a, b) * STRAIGHT_LINE_MODEL.detourFactor, 6);
    // The rules round a leg up to whole minutes; the matrix keeps seconds, so it rounds up to the same minute.
    expect(Math.ceil((m.durations[1] as number) / 60)).toBe(travelMinutes(a, b));
  });

  it('stays finite for antipodal points (no NaN from rounding past 1 under the square root)', () => {
    const d = haversineM({ lat: 0, lng: 0 }, { lat: 0, lng: 180 });
    expect(Number.isFinite(d)).toBe(true);
    expect(d).toBeCloseTo(Math.PI * 6_371_000, 0);
  });
});
