import { describe, expect, it } from 'vitest';
import { phaseRates } from '../../bench/api/load';
import {
  connectionsFor,
  correctOmission,
  MIX,
  meetsTarget,
  selectMix,
  splitRate,
  summarise,
} from '../../bench/api/mix';

const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);

describe('bench:api mix arithmetic', () => {
  it('shares a total rate among the procedures by weight, in whole requests, summing to the total', () => {
    for (const total of [8, 9, 50, 100, 200, 333]) {
      const shares = splitRate(total, MIX);
      expect(sum(shares.values())).toBe(total);
      for (const e of MIX) expect(shares.get(e.name)).toBeGreaterThanOrEqual(1);
    }
    // 200 requests/s: 8 guaranteed, 192 by weight (25/100 of 192 = 48, 5/100 = 9.6 …).
    const at200 = splitRate(200, MIX);
    expect(at200.get('field.today')).toBe(49);
    expect(at200.get('dispatch.day')).toBe(39);
    expect(at200.get('reports.dashboard')).toBe(20);
    expect([at200.get('dispatch.setPinned'), at200.get('field.enRoute')].every((r) => r === 10 || r === 11)).toBe(true);
  });

  it('refuses a rate too small to give every procedure a request per second', () => {
    expect(() => splitRate(MIX.length - 1, MIX)).toThrow(/at least 8/);
    expect(() => splitRate(12.5, MIX)).toThrow(/whole number/);
  });

  it('spreads a share over at most ten bursts a second, as evenly as whole requests allow', () => {
    expect(phaseRates(49)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 5, 4]);
    expect(phaseRates(3)).toEqual([1, 1, 1]);
    expect(sum(phaseRates(137))).toBe(137);
    expect(connectionsFor(5)).toBe(5);
  });

  it('adds the requests a stalled connection held back (coordinated omission)', () => {
    // Paced at one a second: a 3.5 s answer held back the requests due at 1, 2 and 3 s, which would have waited
    // 2.5, 1.5 and 0.5 s.
    expect(correctOmission([3500], 1000)).toEqual([3500, 2500, 1500, 500]);
    expect(correctOmission([10, 999, 1000], 1000)).toEqual([10, 999, 1000]);
    expect(correctOmission([5000], 0)).toEqual([5000]);
  });

  it('reports percentiles, the answered rate and whether the target is met', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1); // 1 … 100 ms
    const entry = { name: 'dispatch.day', weight: 1, targetP95Ms: 50 };
    const row = summarise(entry, { targetRate: 10, connections: 10, durationS: 20, latencies, errors: 0 });
    expect(row).toMatchObject({ p50: 50, p95: 95, p99: 99, count: 100, achievedRate: 5, errors: 0 });
    expect(meetsTarget(row)).toBe(false);
    expect(meetsTarget({ ...row, p95: 50 })).toBe(true);
    expect(meetsTarget({ ...row, p95: 10, errors: 1 })).toBe(false);
    expect(meetsTarget({ ...row, targetP95Ms: undefined })).toBeNull();
    const none = summarise(entry, { targetRate: 10, connections: 10, durationS: 20, latencies: [], errors: 3 });
    expect(none.p95).toBeNaN();
    expect(none.errors).toBe(3);
  });

  it('counts requests still waiting at the end with the time they had waited, and never as a met target', () => {
    const entry = { name: 'field.today', weight: 1, targetP95Ms: 50 };
    const run = { targetRate: 2, connections: 2, durationS: 10, latencies: [10, 20, 30], errors: 0 };
    const answered = summarise(entry, run);
    expect(answered).toMatchObject({ unanswered: 0, p99: 30 });
    expect(meetsTarget(answered)).toBe(true);
    // Paced at 1/s per connection. Sent 0.3 s before the end: cut off by the end, not late; left out. Sent 4.2 s
    // before: at least 4.2 s (and the 3.2, 2.2, 1.2, 0.2 s held back).
    expect(summarise(entry, { ...run, unanswered: [300] })).toMatchObject({ unanswered: 0, p99: 30 });
    const behind = summarise(entry, { ...run, unanswered: [4200, 300] });
    expect(behind).toMatchObject({ count: 3, unanswered: 1, p99: 4200 });
    expect(meetsTarget({ ...behind, p95: 10 })).toBe(false);
  });

  it('narrows the mix to the named procedures and names an unknown one', () => {
    expect(selectMix(undefined)).toEqual(MIX);
    expect(selectMix('dispatch.day, field.today').map((e) => e.name)).toEqual(['field.today', 'dispatch.day']);
    expect(() => selectMix('dispatch.day,cases.search')).toThrow(/no cases.search in the mix/);
  });
});
