import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatDateTime,
  formatMoney,
  formatSlot,
  formatTime,
} from '../../../client/src/lib/format';

describe('client formatting', () => {
  const at = '2026-11-28T22:30:00.000Z'; // 06:30 next day in Shanghai

  it('shows times in the given zone, not the machine’s', () => {
    expect(formatTime(at, 'Asia/Shanghai', 'en')).toBe('06:30');
    expect(formatTime(at, 'Asia/Kolkata', 'zh-CN')).toBe('04:00');
    expect(formatSlot('2026-11-29T02:00:00Z', '2026-11-29T04:00:00Z', 'Asia/Shanghai', 'en')).toBe('10:00–12:00');
  });

  it('shows the local date of the zone', () => {
    expect(formatDateTime(at, 'Asia/Shanghai', 'zh-CN')).toContain('2026/11/29');
    expect(formatDateTime(at, 'America/New_York', 'en')).toContain('11/28/2026');
  });

  it('never shifts a calendar date through a zone', () => {
    expect(formatCalendarDate('2026-12-04', 'en')).toBe('12/04/2026');
    expect(formatCalendarDate('2026-12-04', 'zh-CN')).toBe('2026/12/04');
  });

  it('formats integer fen as yuan with two decimals', () => {
    expect(formatMoney(2455782, 'en')).toBe('¥24,557.82');
    expect(formatMoney(5, 'zh-CN')).toBe('¥0.05');
    expect(formatMoney(-120000, 'en')).toBe('-¥1,200.00');
    expect(formatMoney(0, 'en')).toBe('¥0.00');
  });
});
