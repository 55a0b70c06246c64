import { describe, expect, it } from 'vitest';
import { legsOf } from '../../../server/modules/field/travel-legs';
import { haversineM, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';

const A = { lat: 31.23, lng: 121.47 };
const B = { lat: 31.24, lng: 121.48 };
const stop = (id: string, over: { crewId?: string; visitDate?: string; lat: number; lng: number }) => ({
  id,
  crewId: 'c1',
  visitDate: '2026-12-01',
  ...over,
});

describe('the legs a crew travelled', () => {
  it('joins consecutive check-ins of one crew-day only', () => {
    // In the order findMadeCheckIns gives them: crew, day, check-in time.
    const legs = legsOf([
      stop('v1', A),
      stop('v2', B),
      stop('v3', { visitDate: '2026-12-02', ...A }), // another day: no leg from B
      stop('v4', { crewId: 'c2', ...B }), // another crew: no leg from A
    ]);
    expect(legs).toEqual([
      { id: 'v1', m: null, minutes: null },
      { id: 'v2', m: haversineM(A, B), minutes: travelMinutes(A, B) },
      { id: 'v3', m: null, minutes: null },
      { id: 'v4', m: null, minutes: null },
    ]);
    // The same minutes as the board's leg (whole minutes, rounded up), not km ÷ speed.
    const km = (haversineM(A, B) * STRAIGHT_LINE_MODEL.detourFactor) / 1000;
    expect(legs[1]?.minutes).toBe(Math.ceil((km / STRAIGHT_LINE_MODEL.speedKmh) * 60));
  });
});
