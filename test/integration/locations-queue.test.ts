/**
 * The "needs a location" queue and the pin (SPEC §8.3), and the rule that no appointment is agreed (by phone or
 * through the borrower's link) and no link is sent for an address without a location.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { createCaller } from '../../server/trpc/root';
import { refusal } from './helpers/calls';
import { key, logSlotNotice, sendSlotLink, setUpCaseFixture, slotOn, teamBasePoint } from './helpers/case-fixture';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { fixtureUser, insertTeams, sessionOf } from './helpers/fixture-team';
import { opened } from './helpers/live-stream';

const fx = setUpCaseFixture();
let base: { lat: number; lng: number };
let otherDispatcher: ReturnType<typeof sessionOf>;

beforeAll(async () => {
  base = await teamBasePoint(fx);
  const other = randomUUID();
  await insertTeams(fx.handle.db, [{ id: other, name: 'Elsewhere', code: 'ELSE', city: '北京市' }]);
  const u = fixtureUser('else-dispatcher', 'dispatcher');
  await fx.handle.db.insert(s.users).values(u);
  otherDispatcher = sessionOf(u, [other]);
});

let n = 0;
/** A new current address of the fixture case's borrower, without a location (as an import leaves it). */
async function unlocatedAddress(): Promise<{ id: string; text: string }> {
  const [c] = await fx.handle.db
    .select({ borrowerId: s.cases.borrowerId })
    .from(s.cases)
    .where(eq(s.cases.id, fx.caseId));
  const text = `上海市徐汇区待定位路${++n}号`;
  const [a] = await fx.handle.db
    .insert(s.addresses)
    .values({ borrowerId: c?.borrowerId as string, text, district: '徐汇区', geocodeSource: 'import', label: 'home' })
    .returning({ id: s.addresses.id });
  return { id: a?.id as string, text };
}
const loanRefOf = async () =>
  (await fx.handle.db.select({ loanRef: s.cases.loanRef }).from(s.cases).where(eq(s.cases.id, fx.caseId)))[0]?.loanRef;
const addressRow = async (id: string) =>
  (await fx.handle.db.select().from(s.addresses).where(eq(s.addresses.id, id)))[0];
const pin = (addressId: string, lat: number, lng: number, locale: 'en' | 'zh-CN' = 'en') =>
  fx.as('dispatcher', locale).locations.pin({ addressId, lat, lng, idempotencyKey: key('pin') });

describe('the "needs a location" queue', () => {
  beforeEach(() => fx.freshCase());

  it('lists the team’s current unlocated addresses with their loan refs, the region and the bases', async () => {
    const a = await unlocatedAddress();
    const queue = await fx.as('dispatcher').locations.queue({ teamId: fx.teamId });
    const item = queue.rows.find((r) => r.addressId === a.id);
    expect(item).toMatchObject({ text: a.text, district: '徐汇区', loanRefs: [await loanRefOf()] });
    expect(queue.total).toBeGreaterThanOrEqual(1);
    expect(queue.region).not.toBeNull();
    expect(queue.bases.length).toBeGreaterThan(0);
    // The case file says which of the borrower's addresses needs a location (the badge that links here).
    const file = await fx.as('dispatcher').appointments.caseFile({ caseId: fx.caseId });
    expect(file.addresses.find((x) => x.id === a.id)?.located).toBe(false);
    expect(file.addresses.filter((x) => x.id !== a.id).every((x) => x.located)).toBe(true);
    // A superseded address is history, not work.
    await fx.handle.db.update(s.addresses).set({ supersededAt: new Date() }).where(eq(s.addresses.id, a.id));
    const after = await fx.as('dispatcher').locations.queue({ teamId: fx.teamId });
    expect(after.rows.some((r) => r.addressId === a.id)).toBe(false);
    expect(after.total).toBe(queue.total - 1);
  });

  it('another team’s dispatcher sees neither the queue nor the address', async () => {
    const a = await unlocatedAddress();
    const other = createCaller(makeContext(fx.handle, otherDispatcher));
    expect((await refusal(other.locations.queue({ teamId: fx.teamId }))).code).toBe('NOT_FOUND');
    const refused = await refusal(other.locations.pin({ addressId: a.id, ...base, idempotencyKey: key('p') }));
    expect(refused).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    expect((await addressRow(a.id))?.lat).toBeNull();
    // A manager may not pin at all.
    const manager = fx.as('manager').locations.pin({ addressId: a.id, ...base, idempotencyKey: key('p') });
    expect((await refusal(manager)).code).toBe('FORBIDDEN');
  });
});

describe('pinning an address', () => {
  beforeEach(() => fx.freshCase());

  it('sets the location (pinned, rooftop, verified), audits it, leaves the queue; a retry answers the same', async () => {
    const a = await unlocatedAddress();
    const k = key('pin-once');
    const input = { addressId: a.id, lat: base.lat + 0.01, lng: base.lng - 0.01, idempotencyKey: k };
    const done = await fx.as('dispatcher').locations.pin(input);
    expect(done).toEqual({ addressId: a.id, lat: input.lat, lng: input.lng });
    expect(await fx.as('dispatcher').locations.pin(input)).toEqual(done);
    expect(await addressRow(a.id)).toMatchObject({
      lat: input.lat,
      lng: input.lng,
      geocodeSource: 'pinned',
      geocodeQuality: 'rooftop',
      verified: true,
    });
    const audit = await fx.handle.db.select().from(s.auditLog).where(eq(s.auditLog.entityId, a.id));
    expect(audit.map((r) => r.action)).toEqual(['address.pin']);
    const queue = await fx.as('dispatcher').locations.queue({ teamId: fx.teamId });
    expect(queue.rows.some((r) => r.addressId === a.id)).toBe(false);
  });

  it('announces the pin to the team’s open screens', async () => {
    const a = await unlocatedAddress();
    // Live before the change (the watch's first round has run), then a hang guard, not a 5 s timing check.
    const stream = await opened<LiveEvent>(fx.as('admin').live.team({ teamId: fx.teamId }));
    await pin(a.id, base.lat, base.lng);
    expect(await stream.next()).toMatchObject({
      teamId: fx.teamId,
      action: 'address.pin',
      entityType: 'address',
      entityId: a.id,
    });
    await stream.close();
  });

  it('refuses a point outside the team’s region, naming the region in the reader’s language', async () => {
    const a = await unlocatedAddress();
    const en = await clientAnswer(fx.handle, pin(a.id, 39.9, 116.4), 'en');
    const zh = await clientAnswer(fx.handle, pin(a.id, 39.9, 116.4, 'zh-CN'), 'zh-CN');
    expect(en.code).toBe('BAD_REQUEST');
    expect(en.message).toContain('outside the team’s region');
    expect(en.fieldErrors.lat).toBeTruthy();
    expect(zh.message).toContain('不在本团队的区域内');
    expect(zh.message).not.toBe(en.message);
    expect((await refusal(pin(a.id, 39.9, 116.4))).appCode).toBe('IMPORT_OUTSIDE_REGION');
    expect((await addressRow(a.id))?.lat).toBeNull();
  });

  it('an address already located is a conflict naming it (en ≠ zh-CN)', async () => {
    const a = await unlocatedAddress();
    await pin(a.id, base.lat, base.lng);
    const refused = await refusal(pin(a.id, base.lat + 0.001, base.lng));
    expect(refused).toMatchObject({ code: 'CONFLICT', appCode: 'ADDRESS_ALREADY_LOCATED' });
    const en = await clientAnswer(fx.handle, pin(a.id, base.lat, base.lng), 'en');
    const zh = await clientAnswer(fx.handle, pin(a.id, base.lat, base.lng, 'zh-CN'), 'zh-CN');
    expect(en.message).toContain(a.text);
    expect(zh.message).toContain(a.text);
    expect(zh.message).not.toBe(en.message);
    expect((await addressRow(a.id))?.lat).toBe(base.lat);
  });

  it('two dispatchers pinning at once: one wins, the other is told the address was placed meanwhile', async () => {
    const a = await unlocatedAddress();
    const results = await Promise.allSettled([
      pin(a.id, base.lat + 0.002, base.lng),
      fx.as('admin').locations.pin({ addressId: a.id, lat: base.lat - 0.002, lng: base.lng, idempotencyKey: key('p') }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0]?.reason as { cause?: { code?: string } } | undefined)?.cause?.code).toBe('ADDRESS_ALREADY_LOCATED');
    const row = await addressRow(a.id);
    expect(row?.lat).toBe((won[0] as PromiseFulfilledResult<{ lat: number }>).value.lat);
    const audit = await fx.handle.db.select().from(s.auditLog).where(eq(s.auditLog.entityId, a.id));
    expect(audit).toHaveLength(1);
  });

  it('hostile numbers are refused by the input check, each naming the field', async () => {
    const a = await unlocatedAddress();
    const dispatcher = fx.as('dispatcher');
    for (const [lat, lng] of [
      [Number.NaN, base.lng],
      [Number.POSITIVE_INFINITY, base.lng],
      [1e308, base.lng],
      [-91, base.lng],
      [base.lat, 181],
      ['31.2', base.lng],
    ] as Array<[number, number]>) {
      const en = await clientAnswer(
        fx.handle,
        dispatcher.locations.pin({ addressId: a.id, lat, lng, idempotencyKey: key('h') }),
      );
      expect(en.code, `${lat},${lng}`).toBe('BAD_REQUEST');
      expect(Object.keys(en.fieldErrors).length, `${lat},${lng}`).toBeGreaterThan(0);
    }
    expect((await addressRow(a.id))?.lat).toBeNull();
  });
});

describe('no appointment without a location', () => {
  beforeEach(() => fx.freshCase());

  it('agreeing a slot by phone for an unlocated address is refused, naming it (en ≠ zh-CN); pinned, it books', async () => {
    const a = await unlocatedAddress();
    await logSlotNotice(fx);
    const agree = (locale: 'en' | 'zh-CN' = 'en') =>
      fx.as('dispatcher', locale).appointments.agree({
        caseId: fx.caseId,
        addressId: a.id,
        visitType: 'negotiation',
        via: 'phone',
        ...slotOn(2, '14:00', '16:00'),
        idempotencyKey: key('agree'),
      });
    expect(await refusal(agree())).toMatchObject({ code: 'CONFLICT', appCode: 'ADDRESS_NOT_LOCATED' });
    const en = await clientAnswer(fx.handle, agree(), 'en');
    const zh = await clientAnswer(fx.handle, agree('zh-CN'), 'zh-CN');
    expect(en.message).toContain(a.text);
    expect(en.message).toContain('Needs a location');
    expect(zh.message).toContain('待定位地址');
    expect(zh.message).not.toBe(en.message);
    expect(await fx.appointmentCount()).toBe(0);
    await pin(a.id, base.lat, base.lng);
    const booked = await agree();
    expect(booked.visitId).toBeTruthy();
  });

  it('no slot link is sent for an unlocated address', async () => {
    const a = await unlocatedAddress();
    await logSlotNotice(fx);
    const createLink = (locale: 'en' | 'zh-CN') =>
      fx.as('dispatcher', locale).appointments.createLink({
        caseId: fx.caseId,
        addressId: a.id,
        visitType: 'negotiation',
        idempotencyKey: key('link'),
      });
    expect(await refusal(createLink('en'))).toMatchObject({ code: 'CONFLICT', appCode: 'ADDRESS_NOT_LOCATED' });
    const zh = await clientAnswer(fx.handle, createLink('zh-CN'), 'zh-CN');
    expect(zh.message).toContain(a.text);
    expect(zh.message).toContain('尚未在地图上定位');
    expect(await fx.handle.db.select().from(s.slotLinks).where(eq(s.slotLinks.addressId, a.id))).toEqual([]);
  });

  it('a borrower’s pick through a link whose address lost its location is refused the same way', async () => {
    const { path } = await sendSlotLink(fx);
    const token = path.replace('/s/', '');
    const borrower = fx.anonymous('10.9.9.9');
    const offer = await borrower.slots.offer({ token });
    const pick = offer.slots[0];
    if (!pick) throw new Error('no slot offered');
    // The address the link was sent for has no location any more (as if it had been imported again without one).
    const before = await addressRow(fx.addressId);
    await fx.handle.db.update(s.addresses).set({ lat: null, lng: null }).where(eq(s.addresses.id, fx.addressId));
    try {
      const refused = await refusal(borrower.slots.confirm({ token, slotStart: pick.start }));
      expect(refused).toMatchObject({ code: 'CONFLICT', appCode: 'ADDRESS_NOT_LOCATED' });
      const zh = await clientAnswer(
        fx.handle,
        fx.anonymous('10.9.9.9', 'zh-CN').slots.confirm({ token, slotStart: pick.start }),
        'zh-CN',
      );
      expect(zh.message).toContain('尚未在地图上定位');
      expect(await fx.appointmentCount()).toBe(0);
    } finally {
      await fx.handle.db
        .update(s.addresses)
        .set({ lat: before?.lat, lng: before?.lng })
        .where(eq(s.addresses.id, fx.addressId));
    }
  });
});
