/**
 * Case intake end to end on the server (SPEC §8.3): a file's rows without coordinates wait in the "needs a location"
 * queue, a row outside the team's region is refused, a pinned imported case gets its visit agreed, and an address a
 * later file replaced is history — no longer offered, and booking there is refused.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import { runImport } from '../../server/modules/intake/intake.service';
import { csvFile, csvText, goodRow, type ImportRow, intakeContext } from '../helpers/intake-files';
import { refusal } from './helpers/calls';
import { key, logSlotNotice, setUpCaseFixture, slotOn, teamBasePoint } from './helpers/case-fixture';
import { clientAnswer } from './helpers/client-error';

const fx = setUpCaseFixture();
let base: { lat: number; lng: number };

beforeAll(async () => {
  base = await teamBasePoint(fx);
});

const importRows = (rows: ImportRow[]) =>
  runImport(intakeContext(fx.handle, { userId: fx.users.dispatcher.id }), {
    teamId: fx.teamId,
    channel: 'browser',
    file: csvFile(csvText(rows)),
    dryRun: false,
    allOrNothing: false,
  });
const caseOf = async (loanRef: string) =>
  (await fx.handle.db.select().from(s.cases).where(eq(s.cases.loanRef, loanRef)))[0];

describe('case intake: located, pinned, agreed', () => {
  const unlocated = goodRow(910_001, { lat: '', lng: '' });
  const beijing = goodRow(910_002, { lat: '39.9042', lng: '116.4074', city: '北京市', district: '东城区' });

  it('a row without coordinates waits in the queue; a row in Beijing is outside the Shanghai team’s region', async () => {
    const summary = await importRows([unlocated, beijing]);
    expect(summary).toMatchObject({ rows: 2, created: 1, rejected: 1, needsLocation: 1 });
    expect(summary.errors).toEqual([expect.objectContaining({ row: 2, column: 'lat', code: 'IMPORT_OUTSIDE_REGION' })]);
    const queue = await fx.as('dispatcher').locations.queue({ teamId: fx.teamId, page: 0 });
    const waiting = queue.rows.find((r) => r.loanRefs.includes(unlocated.loan_ref as string));
    expect(waiting?.text).toContain(unlocated.address as string);
  });

  it('an imported case cannot be booked until its address is pinned; then the slot is agreed and a visit exists', async () => {
    const c = await caseOf(unlocated.loan_ref as string);
    if (!c) throw new Error('the imported case is missing');
    const [address] = await fx.handle.db
      .select({ id: s.addresses.id })
      .from(s.addresses)
      .where(eq(s.addresses.borrowerId, c.borrowerId));
    fx.caseId = c.id;
    await logSlotNotice(fx);
    const agree = () =>
      fx.as('dispatcher').appointments.agree({
        caseId: c.id,
        addressId: address?.id as string,
        visitType: 'negotiation',
        via: 'phone',
        ...slotOn(2, '10:00', '12:00'),
        idempotencyKey: key('agree'),
      });
    expect(await refusal(agree())).toMatchObject({ appCode: 'ADDRESS_NOT_LOCATED' });
    await fx.as('dispatcher').locations.pin({
      addressId: address?.id as string,
      lat: base.lat + 0.01,
      lng: base.lng + 0.01,
      idempotencyKey: key('pin'),
    });
    const booked = await agree();
    expect(booked.visitId).toBeTruthy();
    const [appointment] = await fx.handle.db
      .select({ caseId: s.appointments.caseId })
      .from(s.appointments)
      .where(eq(s.appointments.id, booked.appointmentId));
    expect(appointment?.caseId).toBe(c.id);
    const [visit] = await fx.handle.db
      .select()
      .from(s.visits)
      .where(eq(s.visits.id, booked.visitId as string));
    expect(visit?.appointmentId).toBe(booked.appointmentId);
  });

  it('a later file with a new address supersedes the old one: the case file offers only the new, booking the old is refused', async () => {
    const moved = {
      ...unlocated,
      address: '龙华中路600号',
      lat: (base.lat + 0.02).toFixed(6),
      lng: base.lng.toFixed(6),
    };
    const summary = await importRows([moved]);
    expect(summary).toMatchObject({ rows: 1, updated: 1, rejected: 0 });
    const c = await caseOf(unlocated.loan_ref as string);
    if (!c) throw new Error('the imported case is missing');
    const all = await fx.handle.db.select().from(s.addresses).where(eq(s.addresses.borrowerId, c.borrowerId));
    expect(all).toHaveLength(2);
    const old = all.find((a) => a.supersededAt !== null);
    const current = await fx.handle.db
      .select({ id: s.addresses.id, text: s.addresses.text })
      .from(s.addresses)
      .where(and(eq(s.addresses.borrowerId, c.borrowerId), isNull(s.addresses.supersededAt)));
    expect(current).toHaveLength(1);
    expect(current[0]?.text).toContain('龙华中路600号');
    const file = await fx.as('dispatcher').appointments.caseFile({ caseId: c.id });
    expect(file.addresses.map((a) => a.id)).toEqual([current[0]?.id]);
    const agreeOld = (locale: 'en' | 'zh-CN') =>
      fx.as('dispatcher', locale).appointments.agree({
        caseId: c.id,
        addressId: old?.id as string,
        visitType: 'negotiation',
        via: 'phone',
        ...slotOn(3, '14:00', '16:00'),
        idempotencyKey: key('agree-old'),
      });
    expect(await refusal(agreeOld('en'))).toMatchObject({ code: 'CONFLICT', appCode: 'ADDRESS_REPLACED' });
    const en = await clientAnswer(fx.handle, agreeOld('en'), 'en');
    const zh = await clientAnswer(fx.handle, agreeOld('zh-CN'), 'zh-CN');
    expect(en.message).toContain('replaced');
    expect(zh.message).toContain('取代');
  });
});
