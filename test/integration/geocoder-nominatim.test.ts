/**
 * The geocoder of case intake against a local server that answers like Nominatim (SPEC §8.3): found, nothing found,
 * a 500 then an answer, a hang (timeout), garbage; every answer cached so a second run asks nothing; requests
 * spaced one at a time; and a geocoded point outside the team's region is taken as a wrong guess.
 */
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geocodeCache } from '../../drizzle/schema';
import { normaliseQuery } from '../../server/modules/intake/geocoder';
import { type LocateInput, locateRows } from '../../server/modules/intake/intake.locate';
import { setUpDemoCity } from './helpers/demo-city';
import { type FakeNominatim, startFakeNominatim } from './helpers/fake-nominatim';
import { insertRegionTeams, intakeContext } from './helpers/locate-fixture';

const city = setUpDemoCity();
let fake: FakeNominatim;
let teamId: string;

beforeAll(async () => {
  fake = await startFakeNominatim();
  teamId = (await insertRegionTeams(city.handle, 'G')).withBase;
});
afterAll(() => fake.close());

let n = 0;
/** A row without coordinates at a fresh street, and the query the geocoder sends for it. */
function unlocatedRow(street: string): { row: LocateInput; q: string } {
  const address = `${street}${++n}号`;
  return {
    row: { row: n, address, city: '上海市', district: '徐汇区', lat: null, lng: null },
    q: normaliseQuery(`上海市徐汇区${address}`),
  };
}
const requestsFor = (q: string) => fake.requests.filter((r) => r.q === q);
const inShanghai = { lat: '31.19', lon: '121.44', class: 'building', type: 'residential' };

describe('the geocoder (a local Nominatim)', () => {
  it('found: located by the geocoder with its class:type as quality; the request names Doorstep; cached', async () => {
    const a = unlocatedRow('漕溪北路');
    fake.script(a.q, { found: inShanghai });
    const ctx = intakeContext(city.handle, { geocoderUrl: fake.url });
    const [answer] = await locateRows(ctx, city.handle.db, teamId, [a.row]);
    expect(answer).toEqual({
      kind: 'located',
      lat: 31.19,
      lng: 121.44,
      source: 'geocoder',
      quality: 'building:residential',
    });
    const [req] = requestsFor(a.q);
    expect(req).toMatchObject({ path: '/search', format: 'json', limit: '1' });
    expect(req?.q).toContain('上海市徐汇区');
    expect(req?.userAgent).toMatch(/^Doorstep\//);
    const [cached] = await city.handle.db.select().from(geocodeCache).where(eq(geocodeCache.query, a.q));
    expect(cached?.result).toMatchObject({ lat: 31.19, lng: 121.44, quality: 'building:residential' });
  });

  it('nothing found: unlocated, and the "nothing" is cached too', async () => {
    const a = unlocatedRow('无名路');
    fake.script(a.q, 'none');
    const [answer] = await locateRows(intakeContext(city.handle, { geocoderUrl: fake.url }), city.handle.db, teamId, [
      a.row,
    ]);
    expect(answer).toEqual({ kind: 'unlocated', reason: 'not-found' });
    const [cached] = await city.handle.db.select().from(geocodeCache).where(eq(geocodeCache.query, a.q));
    expect(cached).toBeDefined();
    expect(cached?.result).toBeNull();
  });

  it('a 500 then an answer: retried once, located', async () => {
    const a = unlocatedRow('衡山路');
    fake.script(a.q, 'error500', { found: inShanghai });
    const ctx = intakeContext(city.handle, { geocoderUrl: fake.url });
    const [answer] = await locateRows(ctx, city.handle.db, teamId, [a.row]);
    expect(answer).toMatchObject({ kind: 'located', source: 'geocoder' });
    expect(requestsFor(a.q)).toHaveLength(2);
    expect(ctx.warnings).toEqual([]);
  });

  it('a hang: timed out, retried once, then unlocated — the import goes on; one warning; nothing cached', async () => {
    const a = unlocatedRow('慢路');
    const b = unlocatedRow('慢路');
    fake.script(a.q, 'hang');
    fake.script(b.q, 'hang');
    const ctx = intakeContext(city.handle, {
      geocoderUrl: fake.url,
      geocoderPace: { minIntervalMs: 0, timeoutMs: 150 },
    });
    const answers = await locateRows(ctx, city.handle.db, teamId, [a.row, b.row]);
    expect(answers).toEqual([
      { kind: 'unlocated', reason: 'geocoder-failed' },
      { kind: 'unlocated', reason: 'geocoder-failed' },
    ]);
    expect(requestsFor(a.q)).toHaveLength(2);
    expect(requestsFor(b.q)).toHaveLength(2);
    // A second batch of the same run does not warn again.
    await locateRows(ctx, city.handle.db, teamId, [a.row]);
    expect(ctx.warnings).toHaveLength(1);
    expect(JSON.parse(ctx.warnings[0] as string).msg).toContain('geocoder failed');
    expect(await city.handle.db.select().from(geocodeCache).where(eq(geocodeCache.query, a.q))).toEqual([]);
  });

  it('garbage instead of JSON: unlocated, not retried, not cached', async () => {
    const a = unlocatedRow('乱码路');
    fake.script(a.q, 'garbage');
    const ctx = intakeContext(city.handle, { geocoderUrl: fake.url });
    const [answer] = await locateRows(ctx, city.handle.db, teamId, [a.row]);
    expect(answer).toEqual({ kind: 'unlocated', reason: 'geocoder-failed' });
    expect(requestsFor(a.q)).toHaveLength(1);
    expect(ctx.warnings).toHaveLength(1);
    expect(await city.handle.db.select().from(geocodeCache).where(eq(geocodeCache.query, a.q))).toEqual([]);
  });

  it('a geocoded point outside the team’s region is a wrong guess: unlocated, not rejected', async () => {
    const a = unlocatedRow('中山路');
    // A 中山路 in Beijing.
    fake.script(a.q, { found: { lat: '39.91', lon: '116.39', class: 'highway', type: 'primary' } });
    const [answer] = await locateRows(intakeContext(city.handle, { geocoderUrl: fake.url }), city.handle.db, teamId, [
      a.row,
    ]);
    expect(answer).toEqual({ kind: 'unlocated', reason: 'outside-region' });
  });

  it('a second run asks the server nothing: every answer comes from the cache', async () => {
    const rows = [unlocatedRow('缓存路'), unlocatedRow('缓存路'), unlocatedRow('缓存路')];
    fake.script(rows[0]?.q as string, { found: inShanghai });
    fake.script(rows[1]?.q as string, 'none');
    fake.script(rows[2]?.q as string, { found: inShanghai });
    const input = rows.map((r) => r.row);
    const first = await locateRows(
      intakeContext(city.handle, { geocoderUrl: fake.url }),
      city.handle.db,
      teamId,
      input,
    );
    const before = fake.requests.length;
    const second = await locateRows(
      intakeContext(city.handle, { geocoderUrl: fake.url }),
      city.handle.db,
      teamId,
      input,
    );
    expect(fake.requests.length).toBe(before);
    expect(second).toEqual(first);
    expect(first.map((a) => a.kind)).toEqual(['located', 'unlocated', 'located']);
  });

  it('the same address twice in a batch, or spelled with other spacing, is asked once', async () => {
    const a = unlocatedRow('重复路');
    fake.script(a.q, { found: inShanghai });
    const spaced = { ...a.row, row: a.row.row + 1000, address: `  ${a.row.address}  ` };
    const answers = await locateRows(intakeContext(city.handle, { geocoderUrl: fake.url }), city.handle.db, teamId, [
      a.row,
      spaced,
    ]);
    expect(answers.map((x) => x.kind)).toEqual(['located', 'located']);
    expect(requestsFor(a.q)).toHaveLength(1);
  });

  it('requests go out one at a time, in order, even from two imports at once (rate limit)', async () => {
    fake.delayMs = 30;
    try {
      const one = [unlocatedRow('限速路'), unlocatedRow('限速路'), unlocatedRow('限速路')];
      const two = [unlocatedRow('限速路'), unlocatedRow('限速路')];
      const pace = { minIntervalMs: 40, timeoutMs: 2000 };
      const start = fake.requests.length;
      await Promise.all([
        locateRows(
          intakeContext(city.handle, { geocoderUrl: fake.url, geocoderPace: pace }),
          city.handle.db,
          teamId,
          one.map((r) => r.row),
        ),
        locateRows(
          intakeContext(city.handle, { geocoderUrl: fake.url, geocoderPace: pace }),
          city.handle.db,
          teamId,
          two.map((r) => r.row),
        ),
      ]);
      const seen = fake.requests.slice(start);
      expect(seen).toHaveLength(5);
      // Never two at once: each request arrived after the one before had been answered.
      expect(seen.map((r) => r.inFlight)).toEqual([0, 0, 0, 0, 0]);
      const times = seen.map((r) => r.receivedAt);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      // Each import's own rows are asked in their order.
      const order = (rows: typeof one) => rows.map((r) => seen.findIndex((s) => s.q === r.q));
      expect(order(one)).toEqual([...order(one)].sort((x, y) => x - y));
      expect(order(two)).toEqual([...order(two)].sort((x, y) => x - y));
    } finally {
      fake.delayMs = 0;
    }
  });

  it('without GEOCODER_URL nothing is asked: the address needs a location', async () => {
    const a = unlocatedRow('无配置路');
    const before = fake.requests.length;
    const [answer] = await locateRows(intakeContext(city.handle), city.handle.db, teamId, [a.row]);
    expect(answer).toEqual({ kind: 'unlocated', reason: 'no-geocoder' });
    expect(fake.requests.length).toBe(before);
    expect(await city.handle.db.select().from(geocodeCache).where(like(geocodeCache.query, '%无配置路%'))).toEqual([]);
  });
});
