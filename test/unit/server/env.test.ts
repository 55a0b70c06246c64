import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../server/env';

describe('configuration', () => {
  it('has working defaults', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe('./data');
    expect(env.TZ_DEFAULT).toBe('Asia/Shanghai');
    expect(env.FULLCALENDAR_LICENSE_KEY).toBe('GPL-My-Project-Is-Open-Source');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names the bad variable and says why', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ TZ_DEFAULT: 'Mars/Olympus' })).toThrow(/TZ_DEFAULT: must be an IANA time zone/);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres/);
    expect(() => loadEnv({ TILE_URL: 'https://tiles.example/{z}.png' })).toThrow(/TILE_URL/);
    expect(() => loadEnv({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 16/);
  });
});
