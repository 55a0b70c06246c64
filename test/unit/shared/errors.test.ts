import { describe, expect, it } from 'vitest';
import { AppError, ERROR_DEFS, formatErrorMessage, pickLocale } from '../../../shared/errors';

describe('domain errors', () => {
  it('has a message in both languages for every code, with the same placeholders', () => {
    for (const [code, def] of Object.entries(ERROR_DEFS)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(def.en), code).toEqual(names(def['zh-CN']));
      expect(def.en.length, code).toBeGreaterThan(0);
    }
  });

  it('interpolates details in the chosen language', () => {
    expect(formatErrorMessage('LOGIN_RATE_LIMITED', 'zh-CN', { minutes: 7 })).toBe(
      '登录失败次数过多，请 7 分钟后再试。',
    );
    expect(new AppError('USERNAME_TAKEN', { username: 'li' }).message).toBe('The username "li" is already taken.');
  });

  it('picks zh-CN for any Chinese header and English otherwise', () => {
    expect(pickLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale('zh-TW')).toBe('zh-CN');
    expect(pickLocale('en-US')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
  });
});
