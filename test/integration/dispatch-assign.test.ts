import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { refusal } from './helpers/calls';
import { makeContext } from './helpers/db';
import { key, setUpPlacementFixture } from './helpers/placement-fixture';

describe('dispatch: a legal placement is saved once, versioned and guarded (SPEC §4)', () => {
  const fx = setUpPlacementFixture();

  it('a legal assignment is saved, audited, numbered in the route and not repeated on retry', async () => {
    const k = key();
    const auditsBefore =
      (await fx.handle.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditLog))[0]?.n ?? 0;
    const first = await fx.dispatcher.dispatch.assign({
      visitId: fx.tray.id,
      ...fx.good,
      version: fx.tray.version,
      idempotencyKey: k,
    });
    const retry = await fx.dispatcher.dispatch.assign({
      visitId: fx.tray.id,
      ...fx.good,
      version: fx.tray.version,
      idempotencyKey: k,
    });
    expect(retry).toEqual(first);
    expect(first.version).toBe(fx.tray.version + 1);
    const v = await fx.freshVisit(fx.tray.id);
    expect(v).toMatchObject({ status: 'assigned', crewId: fx.good.crewId, version: fx.tray.version + 1 });
    expect(v.routePosition).toBeGreaterThanOrEqual(1);
    expect(v.plannedArrival?.toISOString()).toBe(fx.good.arrival);
    const auditsAfter =
      (await fx.handle.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditLog))[0]?.n ?? 0;
    expect(auditsAfter - auditsBefore).toBe(1);
    const [entry] = await fx.handle.db
      .select({ action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(eq(auditLog.entityId, fx.tray.id))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(entry).toEqual({ action: 'visit.assign', actor: fx.users.dispatcher.id });
  });

  it('a stale version is refused with who changed it and when, never overwritten', async () => {
    const r = await refusal(
      fx.dispatcher.dispatch.move({ visitId: fx.tray.id, ...fx.good, version: fx.tray.version, idempotencyKey: key() }),
    );
    expect(r.code).toBe('CONFLICT');
    expect(r.appCode).toBe('VISIT_STALE');
    expect(r.message).toMatch(new RegExp(`changed by ${fx.users.dispatcher.displayName} at \\d\\d:\\d\\d.*[Rr]eload`));
    const zh = await refusal(
      fx.dispatcherZh.dispatch.unassign({ visitId: fx.tray.id, version: fx.tray.version, idempotencyKey: key() }),
    );
    expect(zh.message).toContain('请刷新');
    expect((await fx.freshVisit(fx.tray.id)).version).toBe(fx.tray.version + 1);
  });

  it('pin toggles and unassign use the current version and put the visit back in the tray', async () => {
    const v1 = (await fx.freshVisit(fx.tray.id)).version;
    const pinned = await fx.dispatcher.dispatch.setPinned({
      visitId: fx.tray.id,
      pinned: true,
      version: v1,
      idempotencyKey: key(),
    });
    expect(pinned).toMatchObject({ pinned: true, version: v1 + 1 });
    const un = await fx.dispatcher.dispatch.unassign({ visitId: fx.tray.id, version: v1 + 1, idempotencyKey: key() });
    expect(un.version).toBe(v1 + 2);
    expect(await fx.freshVisit(fx.tray.id)).toMatchObject({ status: 'unassigned', crewId: null, routePosition: null });
  });

  it('a manager can look but not place; another team’s visit is not found', async () => {
    const manager = createCaller(makeContext(fx.handle, fx.users.manager));
    expect(
      (await refusal(manager.dispatch.assign({ visitId: fx.tray.id, ...fx.good, version: 1, idempotencyKey: key() })))
        .code,
    ).toBe('FORBIDDEN');
    const [foreign] = await fx.handle.db
      .select({ id: visits.id })
      .from(visits)
      .where(sql`${visits.teamId} <> ${fx.teamId}`)
      .limit(1);
    const r = await refusal(
      fx.dispatcher.dispatch.checkMove({
        visitId: foreign?.id as string,
        crewId: fx.good.crewId,
        arrival: fx.good.arrival,
      }),
    );
    expect(r.code).toBe('NOT_FOUND');
  });
});
