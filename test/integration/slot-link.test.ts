import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { slotLinks } from '../../drizzle/schema';
import { localTime } from '../../shared/time';
import { failure } from './helpers/calls';
import { key, logSlotNotice, sendSlotLink, setUpCaseFixture, TZ } from './helpers/case-fixture';

const fx = setUpCaseFixture();
const tokenOf = (path: string) => path.replace('/s/', '');

describe("the borrower's personal slot link (SPEC §6 consent-gated slots)", () => {
  // Each test has a case of its own (no appointment, no notice), so none depends on what another left behind.
  beforeEach(() => fx.freshCase());

  it('needs a logged notice and the borrower’s own address; a retried request gives the same link', async () => {
    const dispatcher = fx.as('dispatcher');
    const link = { caseId: fx.caseId, addressId: fx.addressId, visitType: 'negotiation' as const };
    expect(
      (await failure(dispatcher.appointments.createLink({ ...link, idempotencyKey: key('l') }))).message,
    ).toContain('No notice is logged');
    await logSlotNotice(fx);
    expect(
      (
        await failure(
          dispatcher.appointments.createLink({ ...link, addressId: fx.foreignAddressId, idempotencyKey: key('l') }),
        )
      ).message,
    ).toContain("not one of the borrower's own addresses");
    const k = key('link');
    const first = await dispatcher.appointments.createLink({ ...link, idempotencyKey: k });
    const again = await dispatcher.appointments.createLink({ ...link, idempotencyKey: k });
    expect(again).toEqual(first);
    expect(first.path).toMatch(/^\/s\/[A-Za-z0-9_-]{32}$/);
    const stored = await fx.handle.db.select().from(slotLinks).where(eq(slotLinks.caseId, fx.caseId));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(tokenOf(first.path));
  });

  it('offers only slots inside the allowed hours, after the minimum notice, where a crew works — and nothing about the debt', async () => {
    const { path } = await sendSlotLink(fx);
    const offer = await fx.anonymous().slots.offer({ token: tokenOf(path) });
    expect(offer.state).toBe('open');
    expect(offer.slots.length).toBeGreaterThan(10);
    const starts = offer.slots.map((s) => localTime(new Date(s.start), TZ));
    // Allowed 08:00–22:00, but day crews start 08:30 and late crews end 21:30: no one can take 08–10 or 20–22.
    expect(new Set(starts)).toEqual(new Set(['10:00', '12:00', '14:00', '16:00', '18:00']));
    for (const s of offer.slots) expect(new Date(s.start).getTime()).toBeGreaterThan(Date.now() + 2 * 3_600_000);
    const text = JSON.stringify(offer);
    for (const secret of ['overdue', 'Cents', 'loanRef', 'daysPastDue', 'phone":"1'])
      expect(text).not.toContain(secret);
    expect(offer.complaint.phone).toBeTruthy();
  });

  it('the pick becomes an appointment agreed via the app; a retry gets the same answer, another pick is refused', async () => {
    const { path } = await sendSlotLink(fx);
    const borrower = fx.anonymous();
    const offer = await borrower.slots.offer({ token: tokenOf(path) });
    const pick = offer.slots[3];
    if (!pick) throw new Error('no slot offered');
    const confirmed = await borrower.slots.confirm({ token: tokenOf(path), slotStart: pick.start });
    expect(confirmed).toEqual({ slotStart: pick.start, slotEnd: pick.end });
    expect(await borrower.slots.confirm({ token: tokenOf(path), slotStart: pick.start })).toEqual(confirmed);
    expect(await fx.appointmentCount()).toBe(1);
    const other = offer.slots[4];
    expect(
      (await failure(borrower.slots.confirm({ token: tokenOf(path), slotStart: other?.start as string }))).message,
    ).toMatch(/^This link was already used to choose \d{4}-\d{2}-\d{2} \d{2}:\d{2}\.$/);
    const reopened = await borrower.slots.offer({ token: tokenOf(path) });
    expect(reopened).toMatchObject({ state: 'used', chosen: { start: pick.start, end: pick.end }, slots: [] });

    const file = await fx.as('dispatcher').appointments.caseFile({ caseId: fx.caseId });
    expect(file.appointments[0]).toMatchObject({ agreedVia: 'app', status: 'agreed', visitStatus: 'unassigned' });
    expect(file.links[0]).toMatchObject({ appointmentId: file.appointments[0]?.id });
  });

  it('a newer link or an agreed slot retires the old link; unknown tokens are refused and then slowed down', async () => {
    const dispatcher = fx.as('dispatcher');
    // The borrower has agreed a slot through a first link.
    const first = await sendSlotLink(fx);
    const [slot] = (await fx.anonymous('10.0.0.4').slots.offer({ token: tokenOf(first.path) })).slots;
    await fx.anonymous('10.0.0.4').slots.confirm({ token: tokenOf(first.path), slotStart: slot?.start as string });
    const file = await dispatcher.appointments.caseFile({ caseId: fx.caseId });
    expect(file.appointments).toHaveLength(1);
    const agreed = file.appointments[0];
    const older = await dispatcher.appointments.createLink({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      replacesAppointmentId: agreed?.id,
      idempotencyKey: key('l'),
    });
    const newer = await dispatcher.appointments.createLink({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      replacesAppointmentId: agreed?.id,
      idempotencyKey: key('l'),
    });
    const borrower = fx.anonymous('10.0.0.2', 'zh-CN');
    expect((await borrower.slots.offer({ token: tokenOf(older.path) })).state).toBe('expired');
    const offer = await borrower.slots.offer({ token: tokenOf(newer.path) });
    const pick = offer.slots.find((s) => s.start !== agreed?.slotStart);
    await borrower.slots.confirm({ token: tokenOf(newer.path), slotStart: pick?.start as string });
    const after = await dispatcher.appointments.caseFile({ caseId: fx.caseId });
    expect(after.appointments.find((a) => a.id === agreed?.id)).toMatchObject({
      status: 'rescheduled',
      visitStatus: 'cancelled',
    });
    expect(
      (await failure(borrower.slots.confirm({ token: tokenOf(older.path), slotStart: pick?.start as string }))).message,
    ).toMatch(/^该链接已于 .+ 失效/);

    // A link cut off in the SMS gets the same plain answer as an unknown one.
    expect((await failure(fx.anonymous('10.9.9.8').slots.offer({ token: 'abc' }))).message).toContain(
      'This link is not valid',
    );
    const stranger = fx.anonymous('10.9.9.9');
    for (let i = 0; i < 20; i++) {
      expect((await failure(stranger.slots.offer({ token: `x${i}`.padEnd(32, 'A') }))).message).toContain(
        'This link is not valid',
      );
    }
    expect((await failure(stranger.slots.offer({ token: tokenOf(newer.path) }))).message).toMatch(
      /Too many invalid links/,
    );
  });

  it('none of the times suit: the borrower asks for a call, the case and the follow-up queue show it, once', async () => {
    const dispatcher = fx.as('dispatcher');
    const link = await sendSlotLink(fx);
    const borrower = fx.anonymous('10.0.0.3');
    const note = 'Evenings after 19:00 please';
    expect(await borrower.slots.decline({ token: tokenOf(link.path), note })).toEqual({ declined: true });
    expect(await borrower.slots.decline({ token: tokenOf(link.path), note })).toEqual({ declined: true });
    expect(await borrower.slots.offer({ token: tokenOf(link.path) })).toMatchObject({ state: 'declined', slots: [] });
    const offered = await failure(
      borrower.slots.confirm({ token: tokenOf(link.path), slotStart: new Date(Date.now() + 86_400_000).toISOString() }),
    );
    expect(offered.message).toMatch(/^This link expired on /);

    const file = await dispatcher.appointments.caseFile({ caseId: fx.caseId });
    const asked = file.notices.filter((n) => n.result.includes(note));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ stage: 'follow_up', channel: 'app' });
    expect(file.followUps.filter((f) => f.reason.includes(note))).toHaveLength(1);
    expect(file.links[0]).toMatchObject({
      declinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      state: 'declined',
    });
    expect(file.links.slice(1).map((l) => l.state)).not.toContain('open');
    const queue = (await dispatcher.payments.followUps({ teamId: fx.teamId })).rows;
    expect(queue.filter((q) => q.caseId === fx.caseId && q.reason.includes(note))).toHaveLength(1);
  });
});
