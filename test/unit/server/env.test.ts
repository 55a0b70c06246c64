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
    expect(() => loadEnv({ SMS_GATEWAY_URL: 'not a url' })).toThrow(/SMS_GATEWAY_URL: must be a URL/);
  });

  it('refuses an SMS gateway without its secret, and never repeats the secret', () => {
    expect(() => loadEnv({ SMS_GATEWAY_URL: 'https://sms.example/send' })).toThrow(
      /SMS_GATEWAY_SECRET: must be set when SMS_GATEWAY_URL is/,
    );
    let message = '';
    try {
      loadEnv({ SMS_GATEWAY_URL: 'https://sms.example/send', SMS_GATEWAY_SECRET: 'short-secret' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/SMS_GATEWAY_SECRET: must be at least 16 characters \(value not shown\)/);
    expect(message).not.toContain('short-secret');
    const env = loadEnv({ SMS_GATEWAY_URL: 'https://sms.example/send', SMS_GATEWAY_SECRET: 'a-secret-of-16-chars' });
    expect(env.SMS_GATEWAY_URL).toBe('https://sms.example/send');
  });

  it('refuses a road engine without its address, and an unknown routing', () => {
    expect(() => loadEnv({ ROUTING: 'valhalla' })).toThrow(/ROUTING: must be straight-line, osrm or pgrouting/);
    expect(() => loadEnv({ ROUTING: 'osrm' })).toThrow(/ROUTING: osrm needs OSRM_URL/);
    expect(() => loadEnv({ ROUTING: 'pgrouting' })).toThrow(/ROUTING: pgrouting needs DATABASE_URL/);
    expect(loadEnv({ ROUTING: 'osrm', OSRM_URL: 'http://127.0.0.1:5000' }).ROUTING).toBe('osrm');
    expect(loadEnv({}).ROUTING).toBeUndefined();
  });
});
