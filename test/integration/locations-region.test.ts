/**
 * The region check of case intake (SPEC §8.3): imported coordinates must lie in the bounding box of the team's
 * active bases grown by its margin (km); an admin changes the margin on the team; a team without bases has no
 * region yet and accepts every location.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { teams } from '../../drizzle/schema';
import { locateRows } from '../../server/modules/intake/intake.locate';
import { createCaller } from '../../server/trpc/root';
import { formatErrorMessage } from '../../shared/errors';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';
import { BASE, DEG_PER_KM, insertRegionTeams, intakeContext } from './helpers/locate-fixture';

const city = setUpDemoCity();
let region: { withBase: string; noBases: string };
beforeAll(async () => {
  region = await insertRegionTeams(city.handle, 'R');
});

const row = (lat: number, lng: number, n = 1) => ({
  row: n,
  address: '某路1号',
  city: '上海市',
  district: '徐汇区',
  lat,
  lng,
});
const locate = (teamId: string, rows: ReturnType<typeof row>[]) =>
  locateRows(intakeContext(city.handle), city.handle.db, teamId, rows);

describe('the team’s region (bases’ bounding box + margin)', () => {
  it('a row inside the margin is located as imported; beyond it, it is refused on lat with the region named', async () => {
    const inside = row(BASE.lat + 25 * DEG_PER_KM, BASE.lng, 1);
    const outside = row(BASE.lat + 35 * DEG_PER_KM, BASE.lng, 2);
    const farEast = row(BASE.lat, BASE.lng + 1, 3);
    const [a, b, c] = await locate(region.withBase, [inside, outside, farEast]);
    expect(a).toEqual({ kind: 'located', lat: inside.lat, lng: inside.lng, source: 'import', quality: 'import' });
    expect(b).toMatchObject({ kind: 'rejected', column: 'lat', code: 'IMPORT_OUTSIDE_REGION' });
    expect(c).toMatchObject({ kind: 'rejected', column: 'lat', code: 'IMPORT_OUTSIDE_REGION' });
    if (b?.kind !== 'rejected') throw new Error('expected a rejection');
    expect(b.params).toMatchObject({ marginKm: 30, north: (BASE.lat + 30 * DEG_PER_KM).toFixed(3) });
    // The message a reader sees names the region, in their language.
    const en = formatErrorMessage(b.code, 'en', b.params);
    const zh = formatErrorMessage(b.code, 'zh-CN', b.params);
    expect(en).toContain('outside the team’s region');
    expect(en).toContain('30 km');
    expect(zh).toContain('不在本团队的区域内');
    expect(zh).not.toBe(en);
  });

  it('an inactive base does not widen the region (Beijing stays outside a Shanghai team)', async () => {
    const [a] = await locate(region.withBase, [row(39.9, 116.4)]);
    expect(a).toMatchObject({ kind: 'rejected', code: 'IMPORT_OUTSIDE_REGION' });
  });

  it('an admin widens the margin on the team: the same row is then accepted; bounded 0..1000', async () => {
    const admin = createCaller(makeContext(city.handle, city.users.admin));
    const [team] = await city.handle.db.select().from(teams).where(eq(teams.id, region.withBase));
    const fields = { teamId: region.withBase, name: team?.name as string, code: team?.code as string, city: '上海市' };
    const outside = row(BASE.lat + 35 * DEG_PER_KM, BASE.lng);
    await admin.teams.update({ ...fields, timeZone: 'Asia/Shanghai', regionMarginKm: 50, idempotencyKey: 'margin-50' });
    const [team50] = await city.handle.db.select().from(teams).where(eq(teams.id, region.withBase));
    expect(team50?.regionMarginKm).toBe(50);
    expect((await locate(region.withBase, [outside]))[0]).toMatchObject({ kind: 'located' });
    // Leaving the margin out keeps it.
    await admin.teams.update({ ...fields, timeZone: 'Asia/Shanghai', idempotencyKey: 'margin-kept' });
    const [kept] = await city.handle.db.select().from(teams).where(eq(teams.id, region.withBase));
    expect(kept?.regionMarginKm).toBe(50);
    for (const [bad, code] of [
      [1001, 'NUMBER_TOO_LARGE'],
      [-1, 'NUMBER_TOO_SMALL'],
    ] as const) {
      const call = admin.teams.update({
        ...fields,
        timeZone: 'Asia/Shanghai',
        regionMarginKm: bad,
        idempotencyKey: `m-${bad}`,
      });
      const en = await clientAnswer(city.handle, call, 'en');
      const zh = await clientAnswer(
        city.handle,
        createCaller(makeContext(city.handle, city.users.admin, { locale: 'zh-CN' })).teams.update({
          ...fields,
          timeZone: 'Asia/Shanghai',
          regionMarginKm: bad,
          idempotencyKey: `mz-${bad}`,
        }),
        'zh-CN',
      );
      expect(en.code).toBe('BAD_REQUEST');
      expect(en.fieldErrors.regionMarginKm).toBe(formatErrorMessage(code, 'en', { minimum: 0, maximum: 1000 }));
      expect(zh.fieldErrors.regionMarginKm).toBeTruthy();
      expect(zh.fieldErrors.regionMarginKm).not.toBe(en.fieldErrors.regionMarginKm);
    }
    await admin.teams.update({ ...fields, timeZone: 'Asia/Shanghai', regionMarginKm: 30, idempotencyKey: 'margin-30' });
  });

  it('a team without bases has no region yet: every location is accepted', async () => {
    const answers = await locate(region.noBases, [row(39.9, 116.4), row(22.5, 114.1, 2)]);
    expect(answers.map((a) => a.kind)).toEqual(['located', 'located']);
  });
});
