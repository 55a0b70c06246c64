import { describe, expect, it } from 'vitest';
import { labelWidth, valueScale } from '../../../client/src/features/reports/chart-scale';

describe('chart value axis', () => {
  it('ends on a round number at or above the largest value, with whole-number steps', () => {
    expect(valueScale(9)).toEqual({ ticks: [0, 2, 4, 6, 8, 10], max: 10 });
    expect(valueScale(15)).toEqual({ ticks: [0, 5, 10, 15], max: 15 });
    expect(valueScale(1234)).toEqual({ ticks: [0, 500, 1000, 1500], max: 1500 });
    expect(valueScale(3)).toEqual({ ticks: [0, 1, 2, 3], max: 3 });
  });

  it('still draws an axis when every value is 0', () => {
    expect(valueScale(0)).toEqual({ ticks: [0, 1], max: 1 });
  });

  it('gives Chinese labels room for square characters', () => {
    expect(labelWidth('还款计划')).toBeGreaterThan(labelWidth('Plan'));
  });
});
