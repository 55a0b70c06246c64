/**
 * Crews per day on the seeded demo city, where crews carry planned visits: an edit that would take visits off
 * a crew is refused with their list, or — confirmed — puts them back in the tray with the reason the board
 * shows; regeneration keeps crews with visits; open boards hear of new crews.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { createCaller } from '../../server/trpc/root';
import { refusal } from './helpers/calls';
import { makeContext } from './helpers/db';
import { opened } from './helpers/live-stream';
import { key, setUpPlacementFixture, TOMORROW } from './helpers/placement-fixture';

describe('crews with planned visits', () => {
  const fx = setUpPlacementFixture();
  const crewVisits = (crewId: string) =>
    fx.handle.db
      .select({ id: s.visits.id, version: s.visits.version, status: s.visits.status })
      .from(s.visits)
      .where(and(eq(s.visits.crewId, crewId), ne(s.visits.status, 'cancelled')));
  const setTwoPersonRule = (on: boolean) =>
    fx.handle.db.update(s.policySettings).set({ twoPersonRule: on }).where(eq(s.policySettings.teamId, fx.teamId));

  it('a split of a crew with visits is refused with their list; confirmed, they go to the tray with the reason', async () => {
    await fx.dispatcher.dispatch.assign({
      visitId: fx.tray.id,
      version: fx.tray.version,
      crewId: fx.good.crewId,
      arrival: fx.good.arrival,
      idempotencyKey: key(),
    });
    const onCrew = await crewVisits(fx.good.crewId);
    expect(onCrew.map((v) => v.id)).toContain(fx.tray.id);
    await setTwoPersonRule(false);
    try {
      const en = await refusal(fx.dispatcher.crews.split({ crewId: fx.good.crewId, idempotencyKey: key() }));
      const zh = await refusal(fx.dispatcherZh.crews.split({ crewId: fx.good.crewId, idempotencyKey: key() }));
      expect([en.code, en.appCode, zh.appCode]).toEqual([
        'CONFLICT',
        'ORG_CHANGE_AFFECTS_VISITS',
        'ORG_CHANGE_AFFECTS_VISITS',
      ]);
      const listed = ((en.details?.visits ?? []) as Array<{ visitId: string }>).map((v) => v.visitId);
      expect(listed.sort()).toEqual(onCrew.map((v) => v.id).sort());
      expect(en.message).toContain(`${onCrew.length} planned visit`);
      expect(zh.message).toContain('外访组');
      // Refused: nothing moved.
      expect((await fx.freshVisit(fx.tray.id)).crewId).toBe(fx.good.crewId);
      const before = await fx.dispatcher.crews.day({ teamId: fx.teamId, date: TOMORROW });
      expect(before.crews.find((c) => c.id === fx.good.crewId)?.members).toHaveLength(2);

      const out = await fx.dispatcher.crews.split({ crewId: fx.good.crewId, confirm: true, idempotencyKey: key() });
      expect(out.released.sort()).toEqual(listed);
      const visit = await fx.freshVisit(fx.tray.id);
      expect([visit.status, visit.crewId]).toEqual(['unassigned', null]);
      const [stored] = await fx.handle.db
        .select({ trayReason: s.visits.trayReason })
        .from(s.visits)
        .where(eq(s.visits.id, fx.tray.id));
      expect(stored?.trayReason).toBe('TRAY_CREW_CHANGED');
      const audits = await fx.handle.db
        .select({ action: s.auditLog.action })
        .from(s.auditLog)
        .where(and(eq(s.auditLog.entityId, fx.tray.id), eq(s.auditLog.action, 'visit.unassign')));
      expect(audits).toHaveLength(1);

      // The board shows the new one-person crew's lane and the reason on the tray card, translated.
      const board = await fx.dispatcher.dispatch.day({ teamId: fx.teamId, date: TOMORROW });
      const boardZh = await fx.dispatcherZh.dispatch.day({ teamId: fx.teamId, date: TOMORROW });
      expect(board.crews.map((c) => c.name)).toContain(out.crews[1]?.name);
      const card = board.visits.find((v) => v.id === fx.tray.id);
      expect(card?.trayReason).toEqual({
        code: 'TRAY_CREW_CHANGED',
        message: 'Its crew was split, merged or changed by hand.',
      });
      expect(boardZh.visits.find((v) => v.id === fx.tray.id)?.trayReason?.message).toBe(
        '其外访组已被拆分、合并或手动更改。',
      );
    } finally {
      await setTwoPersonRule(true);
    }
  });

  it('regeneration keeps crews with visits, replaces generated crews without, and open boards hear of it', async () => {
    const crewsOfDay = await fx.handle.db
      .select({ id: s.crews.id, name: s.crews.name })
      .from(s.crews)
      .where(and(eq(s.crews.teamId, fx.teamId), eq(s.crews.workDate, TOMORROW)));
    await fx.handle.db
      .update(s.crews)
      .set({ origin: 'roster' })
      .where(
        inArray(
          s.crews.id,
          crewsOfDay.map((c) => c.id),
        ),
      );
    const withVisits: string[] = [];
    for (const c of crewsOfDay) if ((await crewVisits(c.id)).length > 0) withVisits.push(c.id);
    expect(withVisits.length).toBeGreaterThan(0);
    expect(withVisits.length).toBeLessThan(crewsOfDay.length);

    const watcher = createCaller(makeContext(fx.handle, fx.users.admin));
    // Live before the change (the watch's first round has run): a 2 s guard here failed under load.
    const stream = await opened<LiveEvent>(watcher.live.team({ teamId: fx.teamId }));

    const report = await fx.dispatcher.crews.generate({ teamId: fx.teamId, date: TOMORROW, idempotencyKey: key() });
    expect(report.kept.map((k) => k.id).sort()).toEqual([...withVisits].sort());
    expect(new Set(report.kept.map((k) => k.code))).toEqual(new Set(['CREW_KEPT_WITH_VISITS']));
    expect(report.replaced).toBe(crewsOfDay.length - withVisits.length);
    expect(report.created.length).toBeGreaterThan(0);

    expect(await stream.next()).toMatchObject({
      teamId: fx.teamId,
      action: 'crews.generate',
      entityType: 'crew_day',
      entityId: TOMORROW,
    });
    await stream.close();

    // The new crews are the board's lanes; the kept ones still hold their visits.
    const board = await fx.dispatcher.dispatch.day({ teamId: fx.teamId, date: TOMORROW });
    const names = board.crews.map((c) => c.name);
    for (const c of report.created) expect(names).toContain(c.name);
    for (const id of withVisits) expect((await crewVisits(id)).length).toBeGreaterThan(0);
  });
});
