import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { teams, verificationChecks } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { assignedStops } from './field-helpers';
import { refusal } from './helpers/calls';
import { key, sendSlotLink, setUpCaseFixture } from './helpers/case-fixture';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';

const fx = setUpCaseFixture();
const tokenOf = (path: string) => path.replace('/s/', '');

describe('the complaint channel on the borrower’s pages is the team’s own, never a placeholder', () => {
  it('the demo city gives every team a real-looking phone and web address', async () => {
    const rows = await fx.as('admin').admin.teams();
    expect(rows.length).toBeGreaterThan(1);
    for (const t of rows) {
      expect(t.complaintPhone, t.name).toMatch(/^[\d -]{8,}$/);
      expect(t.complaintUrl, t.name).toMatch(/^https:\/\//);
      expect(t.complaintUrl, t.name).not.toMatch(/example\.(com|org)/);
    }
    expect(new Set(rows.map((t) => t.complaintPhone)).size).toBe(rows.length);
  });

  it('the slot link shows the channel of the link’s team', async () => {
    const { path } = await sendSlotLink(fx);
    const offer = await fx.anonymous().slots.offer({ token: tokenOf(path) });
    const [team] = await fx.handle.db
      .select({ phone: teams.complaintPhone, url: teams.complaintUrl })
      .from(teams)
      .where(eq(teams.id, fx.teamId));
    expect(offer.complaint).toEqual({ phone: team?.phone, url: team?.url });
    expect(JSON.stringify(offer)).not.toContain('example.com');
  });

  it('a team without a channel: no link is sent, no badge issued, and the borrower pages refuse with a reason', async () => {
    const { path } = await sendSlotLink(fx);
    const [stop] = await assignedStops(fx.handle, fx.users);
    if (!stop) throw new Error('no assigned stop for the demo agent today');
    const inSlot = new Date(new Date(stop.slotStart).getTime() + 15 * 60_000);
    const agent = createCaller(makeContext(fx.handle, fx.users.agent, { now: inSlot }));
    const badge = await agent.field.badge({ visitId: stop.id });

    // A team set up before the channel existed (or never configured).
    await fx.handle.db.update(teams).set({ complaintPhone: null, complaintUrl: null }).where(eq(teams.id, fx.teamId));

    const offer = await refusal(fx.anonymous('10.0.0.9', 'zh-CN').slots.offer({ token: tokenOf(path) }));
    expect(offer.appCode).toBe('COMPLAINT_CHANNEL_MISSING');
    expect(offer.message).toMatch(/投诉/);
    const link = await refusal(
      fx.as('dispatcher').appointments.createLink({
        caseId: fx.caseId,
        addressId: fx.addressId,
        visitType: 'negotiation',
        idempotencyKey: key('l'),
      }),
    );
    expect(link.appCode).toBe('TEAM_COMPLAINT_CHANNEL_MISSING');
    expect(link.message).toContain('Admin');
    expect((await refusal(agent.field.badge({ visitId: stop.id }))).appCode).toBe('TEAM_COMPLAINT_CHANNEL_MISSING');

    const before = (await fx.handle.db.select().from(verificationChecks)).length;
    const anonymous = createCaller(makeContext(fx.handle, null, { now: inSlot, ip: '203.0.113.50' }));
    expect((await refusal(anonymous.verify.check({ code: badge.code }))).appCode).toBe('COMPLAINT_CHANNEL_MISSING');
    // The check itself is still on record.
    expect((await fx.handle.db.select().from(verificationChecks)).length).toBe(before + 1);
  });

  it('an admin sets the channel (phone and/or web address, checked) and the pages show it again', async () => {
    const admin = fx.as('admin');
    const none = await refusal(admin.admin.setComplaintChannel({ teamId: fx.teamId }));
    expect(none.appCode).toBe('COMPLAINT_CHANNEL_REQUIRED');
    const script = await clientAnswer(
      fx.handle,
      admin.admin.setComplaintChannel({ teamId: fx.teamId, url: 'javascript:alert(1)' }),
    );
    expect(script.code).toBe('BAD_REQUEST');
    expect(Object.keys(script.fieldErrors)).toEqual(['url']);
    await admin.admin.setComplaintChannel({ teamId: fx.teamId, url: 'https://kefu.lender.cn/tousu' });
    const { path } = await sendSlotLink(fx);
    const offer = await fx.anonymous('10.0.0.10').slots.offer({ token: tokenOf(path) });
    expect(offer.complaint).toEqual({ phone: null, url: 'https://kefu.lender.cn/tousu' });
    const team = (await admin.admin.teams()).find((t) => t.id === fx.teamId);
    expect(team?.complaintUrl).toBe('https://kefu.lender.cn/tousu');
    expect(team?.complaintPhone).toBeNull();
  });
});
