import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, fieldConflicts, visits } from '../../drizzle/schema';
import { markSlotPassed } from '../../server/modules/visits/visits.service';
import { createCaller } from '../../server/trpc/root';
import type { RecordOutcomeInput } from '../../shared/schemas/field';
import { PNG } from '../helpers/files';
import { assignedStops, type FieldStop } from './field-helpers';
import { appCode, failure } from './helpers/calls';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';

/** The answer to a record kept as a conflict: 409 FIELD_RECORD_KEPT, its message, and the notice as details. */
async function kept(p: Promise<unknown>) {
  const err = await failure(p);
  expect(err.code).toBe('CONFLICT');
  expect(appCode(err)).toBe('FIELD_RECORD_KEPT');
  return { message: err.message, ...(err.cause as unknown as { details: Record<string, unknown> }).details };
}
const at = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000);
let n = 0;
const key = (label: string) => `${label}-${++n}-conflict`;

/**
 * An agent works offline while the dispatcher changes the visit: what the phone recorded in good faith is never
 * thrown away. It is kept as a conflict on the visit (who, when on the phone, when received, where), the phone is
 * told which visit and what happened, and the dispatcher accepts it onto the visit or dismisses it with a reason.
 */
describe('field records that meet a changed visit are kept as conflicts (real router, real DB)', () => {
  const demo = setUpDemoCity();
  let stops: FieldStop[];
  const agent = (now: Date, locale: 'en' | 'zh-CN' = 'en') =>
    createCaller(makeContext(demo.handle, demo.users.agent, { now, locale }));
  const dispatcher = (now: Date, locale: 'en' | 'zh-CN' = 'en') =>
    createCaller(makeContext(demo.handle, demo.users.dispatcher, { now, locale }));
  const conflictRows = (visitId: string) =>
    demo.handle.db
      .select()
      .from(fieldConflicts)
      .where(eq(fieldConflicts.visitId, visitId))
      .orderBy(fieldConflicts.recordedAt);
  const visitRow = async (id: string) => (await demo.handle.db.select().from(visits).where(eq(visits.id, id)))[0];

  /** What the phone queued offline for a stop: on my way, then the check-in at the door (GPS from the address). */
  const offlineRecords = (stop: FieldStop, tag: string, arrival: Date) => ({
    enRoute: {
      visitId: stop.id,
      version: stop.version,
      clientId: key(`${tag}-enroute`),
      at: at(arrival.toISOString(), -15).toISOString(),
    },
    checkIn: {
      visitId: stop.id,
      version: stop.version + 1,
      clientId: key(`${tag}-checkin`),
      at: arrival.toISOString(),
      lat: stop.lat + 0.0003,
      lng: stop.lng,
      accuracyM: 12,
    },
  });

  /** Moves a stop onto a crew at the first arrival in its slot the placement rules accept; false when none does. */
  const moveTo = async (now: Date, stop: FieldStop, crewId: string, version: number) => {
    for (const offset of [0, 30, 60, 90]) {
      const arrival = at(stop.slotStart, offset).toISOString();
      const check = await dispatcher(now).dispatch.checkMove({ visitId: stop.id, crewId, arrival });
      if (!check.ok) continue;
      await dispatcher(now).dispatch.move({ visitId: stop.id, crewId, arrival, version, idempotencyKey: key('move') });
      return true;
    }
    return false;
  };

  beforeAll(async () => {
    stops = await assignedStops(demo.handle, demo.users);
    if (stops.length < 5) throw new Error('the demo agent needs five assigned stops today');
  }, 120_000);

  it('unassigned meanwhile: on my way and check-in are kept, the phone hears which visit and why, a replay keeps nothing twice', async () => {
    const stop = stops[0] as FieldStop;
    const arrival = at(stop.slotStart, 12);
    const records = offlineRecords(stop, 'a', arrival);
    // The dispatcher takes the visit off the crew while the phone has no signal.
    const unassignedAt = at(stop.slotStart, -10);
    await dispatcher(unassignedAt).dispatch.unassign({
      visitId: stop.id,
      version: stop.version,
      idempotencyKey: key('u'),
    });

    const back = at(stop.slotStart, 20);
    const enRoute = await kept(agent(back).field.enRoute(records.enRoute));
    expect(enRoute).toMatchObject({
      visitId: stop.id,
      action: 'en_route',
      recordedAt: records.enRoute.at,
      reason: 'unassigned',
      reasonAt: unassignedAt.toISOString(),
      reasonBy: demo.users.dispatcher.displayName,
      borrowerFirstName: stop.borrowerFirstName,
      slotStart: stop.slotStart,
      slotEnd: stop.slotEnd,
    });
    const checkIn = await kept(agent(back).field.checkIn(records.checkIn));
    expect(checkIn).toMatchObject({ action: 'check_in', recordedAt: arrival.toISOString(), reason: 'unassigned' });
    // The phone names the visit and says what happened, in the agent's language.
    const hm = (d: Date | string) =>
      new Date(d).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
    expect(checkIn.message).toBe(
      `Visit to ${stop.borrowerFirstName}, ${hm(stop.slotStart)}–${hm(stop.slotEnd)}: your check-in at ${hm(arrival)} was kept and sent to the dispatcher, because the visit was taken off your crew by ${demo.users.dispatcher.displayName} at ${hm(unassignedAt)}.`,
    );
    const zh = await kept(agent(back, 'zh-CN').field.checkIn(records.checkIn));
    expect(zh.message).toContain('已保存并转交调度员');
    expect(zh.message).toContain(stop.borrowerFirstName);
    // The phone retries (a flaky network): the same answer, nothing stored twice.
    expect(await kept(agent(at(back.toISOString(), 1)).field.checkIn(records.checkIn))).toEqual(checkIn);
    expect(await kept(agent(at(back.toISOString(), 1)).field.enRoute(records.enRoute))).toEqual(enRoute);

    const rows = await conflictRows(stop.id);
    expect(rows.map((r) => [r.action, r.status, r.reason])).toEqual([
      ['en_route', 'open', 'unassigned'],
      ['check_in', 'open', 'unassigned'],
    ]);
    expect(rows[1]).toMatchObject({
      userId: demo.users.agent.id,
      recordedAt: arrival,
      receivedAt: back,
      lat: records.checkIn.lat,
      lng: records.checkIn.lng,
      accuracyM: 12,
      visitStatus: 'unassigned',
    });
    // The visit itself is as the dispatcher left it; the records wait for a decision.
    expect(await visitRow(stop.id)).toMatchObject({ status: 'unassigned', crewId: null });
    const audited = await demo.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, stop.id), eq(auditLog.action, 'field_conflict.keep')));
    expect(audited).toHaveLength(2);
  });

  it('the dispatcher sees the conflicts with who, when on the phone, when received and where', async () => {
    const stop = stops[0] as FieldStop;
    const list = await dispatcher(at(stop.slotStart, 25)).fieldConflicts.list({ teamId: demo.teamId });
    const mine = list.items.filter((c) => c.visitId === stop.id);
    expect(mine).toHaveLength(2);
    const checkIn = mine.find((c) => c.action === 'check_in');
    expect(checkIn).toMatchObject({
      status: 'open',
      agentName: expect.any(String),
      recordedAt: at(stop.slotStart, 12).toISOString(),
      receivedAt: at(stop.slotStart, 20).toISOString(),
      reason: 'unassigned',
      reasonBy: demo.users.dispatcher.displayName,
      visitStatus: 'unassigned',
      canAccept: true,
      distanceM: expect.any(Number),
    });
    expect(checkIn?.distanceM).toBeLessThan(60);
    expect(checkIn?.borrowerName.length).toBeGreaterThan(0);
    // The board marks the visit.
    const board = await dispatcher(at(stop.slotStart, 25)).dispatch.day({ teamId: demo.teamId });
    expect(board.conflicts).toContainEqual({ visitId: stop.id, open: 2 });
    // Agents never list conflicts.
    const refused = await failure(agent(at(stop.slotStart, 25)).fieldConflicts.list({ teamId: demo.teamId }));
    expect(refused.code).toBe('FORBIDDEN');
  });

  it('accepting the check-in puts the visit back on the crew, en route and on site at the phone’s times and place; audited', async () => {
    const stop = stops[0] as FieldStop;
    const now = at(stop.slotStart, 30);
    const list = await dispatcher(now).fieldConflicts.list({ teamId: demo.teamId });
    const checkIn = list.items.find((c) => c.visitId === stop.id && c.action === 'check_in');
    if (!checkIn) throw new Error('no check-in conflict');
    const res = await dispatcher(now).fieldConflicts.resolve({
      conflictId: checkIn.id,
      decision: 'accept',
      idempotencyKey: key('accept'),
    });
    // The on-my-way recorded before it is part of the same trip: accepted with it.
    expect(res).toMatchObject({ accepted: 2, visitStatus: 'on_site' });
    const v = await visitRow(stop.id);
    const crew = (await agent(now).field.today({})).crew;
    expect(v).toMatchObject({
      status: 'on_site',
      crewId: crew?.id,
      enRouteAt: at(stop.slotStart, -3),
      checkInAt: at(stop.slotStart, 12),
      checkInLat: stop.lat + 0.0003,
    });
    expect((await conflictRows(stop.id)).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const actions = (
      await demo.handle.db
        .select({ action: auditLog.action, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(eq(auditLog.entityId, stop.id))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['field_conflict.accept', 'visit.en_route', 'visit.check_in']));
    // Resolved once: a second decision is refused with a reason, not applied again.
    const again = await failure(
      dispatcher(now).fieldConflicts.resolve({
        conflictId: checkIn.id,
        decision: 'dismiss',
        note: 'second thoughts',
        idempotencyKey: key('again'),
      }),
    );
    expect(appCode(again)).toBe('FIELD_CONFLICT_RESOLVED');
    // The stop is back on the phone, on site: the agent records the outcome as usual.
    const route = await agent(now).field.today({});
    expect(route.stops.find((s) => s.id === stop.id)?.status).toBe('on_site');
    const outcome = await agent(now).field.recordOutcome({
      visitId: stop.id,
      clientId: key('outcome'),
      code: 'refused',
      idShown: true,
      signedCommitment: false,
      recordingMade: false,
      identityVerified: true,
      borrowerPresent: true,
      attachmentIds: [],
      nextAction: 'none',
    });
    expect(outcome).toMatchObject({ visitStatus: 'completed' });
  });

  it('moved to another crew, cancelled, or marked missed by the slot rule: each kept with its reason', async () => {
    const [, moved, cancelled, missed] = stops as [FieldStop, FieldStop, FieldStop, FieldStop];
    // Moved: the dispatcher finds another crew that may take the visit and moves it there.
    const early = at(moved.slotStart, -60);
    const board = await dispatcher(early).dispatch.day({ teamId: demo.teamId });
    const ownCrew = board.visits.find((v) => v.id === moved.id)?.crewId;
    let placed = false;
    for (const crew of board.crews.filter((c) => c.id !== ownCrew)) {
      placed = await moveTo(early, moved, crew.id, moved.version);
      if (placed) break;
    }
    expect(placed).toBe(true);
    const m = await kept(
      agent(at(moved.slotStart, 5)).field.enRoute({
        visitId: moved.id,
        version: moved.version,
        clientId: key('moved'),
      }),
    );
    expect(m).toMatchObject({ reason: 'moved', reasonAt: early.toISOString() });
    expect(m.message).toContain('moved to another crew');

    // Cancelled: the appointment is called off.
    const [row] = await demo.handle.db
      .select({ appointmentId: visits.appointmentId })
      .from(visits)
      .where(eq(visits.id, cancelled.id));
    await dispatcher(at(cancelled.slotStart, -90)).appointments.cancel({
      appointmentId: row?.appointmentId as string,
      reason: 'Borrower asked to call off',
      idempotencyKey: key('cancel'),
    });
    const c = await kept(
      agent(at(cancelled.slotStart, 5)).field.enRoute({
        visitId: cancelled.id,
        version: cancelled.version,
        clientId: key('cancelled'),
      }),
    );
    expect(c).toMatchObject({ reason: 'cancelled', visitStatus: 'cancelled' });

    // Missed: nobody set out before the slot ended (as far as the server knew), so the rule marked it missed.
    const afterSlot = at(missed.slotEnd, 5);
    // Read before the transaction: PGlite has one connection, so a read beside an open transaction would wait on it.
    const fresh = await visitRow(missed.id);
    await demo.handle.db.transaction(async (tx) => {
      const ctx = makeContext(demo.handle, demo.users.dispatcher, { now: afterSlot });
      await markSlotPassed({ ...ctx, user: ctx.user as NonNullable<typeof ctx.user> }, tx, {
        id: missed.id,
        teamId: demo.teamId,
        status: fresh?.status as string,
        version: fresh?.version as number,
        crewId: fresh?.crewId ?? null,
        slotEnd: new Date(missed.slotEnd),
      });
    });
    const late = at(missed.slotEnd, 30);
    const records = offlineRecords(missed, 'm', at(missed.slotStart, 20));
    const e = await kept(agent(late).field.enRoute(records.enRoute));
    expect(e).toMatchObject({ reason: 'missed', visitStatus: 'missed' });
    const k = await kept(agent(late).field.checkIn(records.checkIn));
    expect(k).toMatchObject({ reason: 'missed' });
    // A missed visit cannot be reopened: the dispatcher can only dismiss it, with a reason.
    const list = await dispatcher(late).fieldConflicts.list({ teamId: demo.teamId });
    const keptCheckIn = list.items.find((x) => x.visitId === missed.id && x.action === 'check_in');
    expect(keptCheckIn).toMatchObject({ canAccept: false });
    const refused = await failure(
      dispatcher(late).fieldConflicts.resolve({
        conflictId: keptCheckIn?.id as string,
        decision: 'accept',
        idempotencyKey: key('acc'),
      }),
    );
    expect(appCode(refused)).toBe('FIELD_CONFLICT_NOT_APPLICABLE');
    const noReason = await failure(
      dispatcher(late).fieldConflicts.resolve({
        conflictId: keptCheckIn?.id as string,
        decision: 'dismiss',
        idempotencyKey: key('dis'),
      }),
    );
    expect(appCode(noReason)).toBe('VALIDATION');
    const dismissed = await dispatcher(late, 'zh-CN').fieldConflicts.resolve({
      conflictId: keptCheckIn?.id as string,
      decision: 'dismiss',
      note: 'Crew confirmed by phone they arrived after the slot; visit to be re-booked.',
      idempotencyKey: key('dis2'),
    });
    expect(dismissed).toMatchObject({ dismissed: 1 });
    const rows = await conflictRows(missed.id);
    expect(rows.find((r) => r.action === 'check_in')).toMatchObject({
      status: 'dismissed',
      resolvedBy: demo.users.dispatcher.id,
      resolutionNote: expect.stringContaining('re-booked'),
    });
  });

  it('an outcome recorded offline with a photo for a visit taken away meanwhile: the file is stored, the outcome kept, and accepted later', async () => {
    const stop = stops[4] as FieldStop;
    const arrival = at(stop.slotStart, 10);
    await dispatcher(at(stop.slotStart, -5)).dispatch.unassign({
      visitId: stop.id,
      version: stop.version,
      idempotencyKey: key('u2'),
    });
    const back = at(stop.slotStart, 50);
    const records = offlineRecords(stop, 'o', arrival);
    await kept(agent(back).field.enRoute(records.enRoute));
    await kept(agent(back).field.checkIn(records.checkIn));
    const photo = await agent(back).field.uploadAttachment({
      visitId: stop.id,
      clientId: key('photo'),
      kind: 'photo',
      mimeType: 'image/png',
      dataBase64: PNG.toString('base64'),
    });
    const input: RecordOutcomeInput = {
      visitId: stop.id,
      clientId: key('o-outcome'),
      code: 'hardship_referral',
      idShown: true,
      recordingMade: false,
      identityVerified: true,
      borrowerPresent: true,
      signedCommitment: false,
      attachmentIds: [photo.id],
      nextAction: 'hardship_review',
      notes: 'Lost job last month.',
      recordedAt: at(arrival.toISOString(), 25).toISOString(),
    };
    const outcome = await kept(agent(back).field.recordOutcome(input));
    expect(outcome).toMatchObject({ action: 'outcome', reason: 'unassigned' });
    expect(await kept(agent(back).field.recordOutcome(input))).toEqual(outcome);
    expect((await conflictRows(stop.id)).map((r) => r.action)).toEqual(['en_route', 'check_in', 'outcome']);

    const now = at(stop.slotStart, 60);
    const outcomeConflict = (await dispatcher(now).fieldConflicts.list({ teamId: demo.teamId })).items.find(
      (c) => c.visitId === stop.id && c.action === 'outcome',
    );
    expect(outcomeConflict).toMatchObject({ outcomeCode: 'hardship_referral', files: 1 });
    const res = await dispatcher(now).fieldConflicts.resolve({
      conflictId: outcomeConflict?.id as string,
      decision: 'accept',
      idempotencyKey: key('acc-o'),
    });
    expect(res).toMatchObject({ accepted: 3, visitStatus: 'completed' });
    const versions = await dispatcher(now).field.outcomeVersions({ visitId: stop.id });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      code: 'hardship_referral',
      recordedAt: input.recordedAt,
      attachments: [expect.objectContaining({ id: photo.id, kind: 'photo' })],
    });
    expect(await visitRow(stop.id)).toMatchObject({ status: 'completed', checkInAt: arrival });
  });

  it('a visit the crew never had is refused as before, and nothing is kept', async () => {
    const board = await dispatcher(new Date()).dispatch.day({ teamId: demo.teamId });
    const crewId = (await agent(new Date()).field.today({})).crew?.id;
    const foreign = board.visits.find((v) => v.crewId && v.crewId !== crewId);
    if (!foreign) throw new Error('no visit of another crew');
    const err = await failure(
      agent(new Date()).field.enRoute({ visitId: foreign.id, version: foreign.version, clientId: key('foreign') }),
    );
    expect(appCode(err)).toBe('NOT_YOUR_VISIT');
    expect(await conflictRows(foreign.id)).toHaveLength(0);
  });

  it('the phone’s replay and the dispatcher’s unassign at once: one clear answer each, nothing lost, never a 500', async () => {
    // The stop moved to another crew earlier comes back to the agent's crew; then both users race on it.
    const moved = stops[1] as FieldStop;
    const early = at(moved.slotStart, -50);
    const crewId = (await agent(early).field.today({})).crew?.id as string;
    const current = await visitRow(moved.id);
    expect(await moveTo(early, moved, crewId, current?.version as number)).toBe(true);
    const route = await agent(early).field.today({});
    const free = route.stops.filter((s) => s.id === moved.id && s.status === 'assigned');
    expect(free).toHaveLength(1);
    for (const stop of free) {
      const now = at(stop.slotStart, 5);
      const clientId = key('race');
      const input = { visitId: stop.id, version: stop.version, clientId };
      const [phone, desk] = await Promise.allSettled([
        agent(now).field.enRoute(input),
        dispatcher(now).dispatch.unassign({ visitId: stop.id, version: stop.version, idempotencyKey: key('race-u') }),
      ]);
      for (const r of [phone, desk]) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(TRPCError);
          expect((r.reason as TRPCError).code).not.toBe('INTERNAL_SERVER_ERROR');
        }
      }
      const v = await visitRow(stop.id);
      // The phone's record always lands somewhere: on the visit, or kept as a conflict.
      if (phone.status === 'rejected') {
        expect(appCode(phone.reason as TRPCError)).toBe('FIELD_RECORD_KEPT');
        expect(desk.status).toBe('fulfilled');
        expect(v?.status).toBe('unassigned');
        expect((await conflictRows(stop.id)).filter((c) => c.clientId === clientId)).toHaveLength(1);
        // Replayed after the race, the record answers exactly as it did and is not kept twice.
        const again = await kept(agent(at(now.toISOString(), 2)).field.enRoute(input));
        expect(again.message).toBe((phone.reason as TRPCError).message);
        expect((await conflictRows(stop.id)).filter((c) => c.clientId === clientId)).toHaveLength(1);
      } else {
        expect(desk.status).toBe('rejected');
        expect(v?.status).toBe('en_route');
        expect((await conflictRows(stop.id)).filter((c) => c.clientId === clientId)).toHaveLength(0);
        expect(await agent(at(now.toISOString(), 2)).field.enRoute(input)).toEqual(phone.value);
      }
    }
  });
});
