import { describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { DEFAULT_SEED, demoLoginsText, generateDemo, isDatabaseEmpty, resetDatabase } from '../../server/db/seed';
import { DEMO_PASSWORD, DEMO_USERS } from '../../shared/demo';
import { addDays } from '../../shared/time';
import { isValidIdNumber } from '../../shared/validation/cn-id';
import { must, setUpSeededCity, TODAY, TZ } from './helpers/seeded-city';

const city = setUpSeededCity();
const { rows } = city;

describe('demo city seed', () => {
  it('creates the organisation: 3 teams, 24 crew-ready agents plus one lapsed, 12 crews a day', () => {
    expect(rows.teams).toHaveLength(3);
    const valid = rows.agents.filter((a) => a.credentialValidFrom <= TODAY && a.credentialValidTo >= TODAY);
    expect(valid).toHaveLength(24);
    const lapsed = rows.agents.filter((a) => a.credentialValidTo < TODAY);
    expect(lapsed).toHaveLength(1);
    expect(rows.crewMembers.some((m) => m.agentId === lapsed[0]?.id)).toBe(false);
    expect(new Set(rows.agents.map((a) => a.badgeNo)).size).toBe(rows.agents.length);
    for (let d = -3; d <= 6; d++) {
      const date = addDays(TODAY, d);
      const crews = rows.crews.filter((c) => c.workDate === date);
      expect(crews).toHaveLength(12);
      for (const crew of crews) {
        const members = rows.crewMembers.filter((m) => m.crewId === crew.id);
        expect(members).toHaveLength(2);
        expect(members.filter((m) => m.isLead === 1)).toHaveLength(1);
      }
    }
    expect(city.summary.counts.cases).toBe(600);
    expect(rows.cases).toHaveLength(600);
    expect(rows.borrowers).toHaveLength(600);
  });

  it('has one login per role, all with the demo password hash', () => {
    const names = new Map(rows.users.map((u) => [u.username, u]));
    expect(names.get(DEMO_USERS.admin)?.role).toBe('admin');
    expect(names.get(DEMO_USERS.dispatcher)?.role).toBe('dispatcher');
    expect(names.get(DEMO_USERS.manager)?.role).toBe('manager');
    expect(names.get(DEMO_USERS.agent)?.role).toBe('agent');
    expect(new Set(rows.users.map((u) => u.passwordHash)).size).toBe(1);
    expect(demoLoginsText()).toContain(DEMO_PASSWORD);
  });

  it('keeps every place inside Shanghai and borrower data well-formed', () => {
    const inCity = (lat: number, lng: number) => lat >= 30.68 && lat <= 31.88 && lng >= 120.85 && lng <= 122.2;
    for (const a of rows.addresses) expect(inCity(a.lat ?? Number.NaN, a.lng ?? Number.NaN), a.text).toBe(true);
    for (const a of rows.agents) expect(inCity(a.homeBaseLat, a.homeBaseLng)).toBe(true);
    for (const sh of rows.shifts) expect(inCity(sh.startLat, sh.startLng) && inCity(sh.endLat, sh.endLng)).toBe(true);
    for (const b of rows.borrowers) {
      expect(isValidIdNumber(b.idNumber), b.idNumber).toBe(true);
      expect(b.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    for (const a of rows.addresses) expect(a.text).toMatch(/^上海市.+(区|新区).+室$/);
  });

  it('logs a first notice ≥ 10 days ago on every case and a bucket consistent with days past due', () => {
    const cutoff = new Date(Date.parse(`${addDays(TODAY, -10)}T00:00:00+08:00`));
    for (const c of rows.cases) {
      const first = rows.contacts.filter((x) => x.caseId === c.id && x.stage === 'first_notice');
      expect(first).toHaveLength(1);
      expect(must(first[0], 'first notice').attemptedAt.getTime()).toBeLessThan(cutoff.getTime());
      expect(c.daysPastDue).toBeGreaterThanOrEqual(31);
      expect(c.daysPastDue).toBeLessThanOrEqual(360);
      const expected = c.daysPastDue > 180 ? 'M6+' : `M${Math.ceil(c.daysPastDue / 30)}`;
      expect(c.bucket).toBe(expected);
      expect(c.principalCents).toBeGreaterThanOrEqual(500_000);
      expect(c.principalCents).toBeLessThanOrEqual(20_000_000);
    }
  });

  it('is deterministic: the same seed and today give identical rows, another seed does not', () => {
    const opts = { seed: DEFAULT_SEED, cases: 600, agents: 24, today: TODAY, timeZone: TZ, passwordHash: 'h' };
    const a = generateDemo(opts);
    const b = generateDemo(opts);
    expect(b).toEqual(a);
    const c = generateDemo({ ...opts, seed: DEFAULT_SEED + 1 });
    expect(c.borrowers[0]?.idNumber).not.toBe(a.borrowers[0]?.idNumber);
    // The inserted ids are the generator's ids.
    expect(new Set(rows.visits.map((v) => v.id))).toEqual(new Set(a.visits.map((v) => v.id)));
  });

  it('scales to other sizes', () => {
    const big = generateDemo({ seed: 7, cases: 2000, agents: 64, today: TODAY, timeZone: TZ, passwordHash: 'h' });
    expect(big.cases).toHaveLength(2000);
    expect(big.teams).toHaveLength(4);
    expect(big.crews.filter((c) => c.workDate === TODAY)).toHaveLength(32);
    expect(new Set(big.borrowers.map((b) => b.idNumber)).size).toBe(2000);
  });

  it('resets to an empty database', async () => {
    expect(await isDatabaseEmpty(city.handle.db)).toBe(false);
    await resetDatabase(city.handle.db);
    expect(await isDatabaseEmpty(city.handle.db)).toBe(true);
    expect(await city.handle.db.select().from(s.visits)).toHaveLength(0);
  });
});
