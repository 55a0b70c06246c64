import { describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../../shared/gcj02';
import { haversineM } from '../../../shared/geo';

describe('WGS-84 → GCJ-02', () => {
  it('matches the widely published reference pair (Beijing, Tiananmen area)', () => {
    // The baseline printed by the coordtransform libraries: WGS84 (116.404, 39.915) → GCJ02 (116.41024449916938, 39.91640428150164).
    const gcj = wgs84ToGcj02({ lat: 39.915, lng: 116.404 });
    expect(gcj.lat).toBeCloseTo(39.91640428150164, 10);
    expect(gcj.lng).toBeCloseTo(116.41024449916938, 10);
  });

  it('moves a Shanghai position by a few hundred metres, the offset Chinese map apps expect', () => {
    const wgs = { lat: 31.2304, lng: 121.4737 };
    const moved = haversineM(wgs, wgs84ToGcj02(wgs));
    expect(moved).toBeGreaterThan(300);
    expect(moved).toBeLessThan(800);
  });

  it('leaves positions outside mainland China unchanged', () => {
    expect(wgs84ToGcj02({ lat: 51.5, lng: -0.12 })).toEqual({ lat: 51.5, lng: -0.12 });
    expect(wgs84ToGcj02({ lat: -33.86, lng: 151.21 })).toEqual({ lat: -33.86, lng: 151.21 });
  });
});
