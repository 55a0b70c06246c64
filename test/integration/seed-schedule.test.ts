import { describe, expect, it } from 'vitest';
import { travelMinutes } from '../../server/db/seed/shanghai';
import { DEMO_USERS } from '../../shared/demo';
import { addDays, localDate, localMinutes } from '../../shared/time';
import { byId, MIN, must, setUpSeededCity, TODAY, TZ } from './helpers/seeded-city';

/** Every seeded address has a location. */
const located = (a: { lat: number | null; lng: number | null }) => ({
  lat: must(a.lat ?? undefined, 'lat'),
  lng: must(a.lng ?? undefined, 'lng'),
});

const { rows } = setUpSeededCity();

describe('demo city seed: appointments, routes and past visits', () => {
  it('agrees ~400 two-hour slots inside 08:00–22:00 with notice and confirmation', () => {
    const agreed = rows.appointments.filter((a) => a.status === 'agreed');
    expect(rows.appointments.length).toBeGreaterThanOrEqual(350);
    expect(rows.appointments.length).toBeLessThanOrEqual(450);
    expect(agreed.length).toBeGreaterThanOrEqual(350);
    const casesById = byId(rows.cases);
    const addressesById = byId(rows.addresses);
    for (const a of rows.appointments) {
      expect(a.slotEnd.getTime() - a.slotStart.getTime()).toBe(120 * MIN);
      const start = localMinutes(a.slotStart, TZ);
      expect(start).toBeGreaterThanOrEqual(8 * 60);
      expect(start + 120).toBeLessThanOrEqual(22 * 60);
      expect(localDate(a.slotStart, TZ)).toBe(localDate(a.slotEnd, TZ));
      expect(a.agreedAt.getTime()).toBeLessThanOrEqual(a.slotStart.getTime() - 120 * MIN);
      expect(a.borrowerConfirmed).toBe(true);
      const notices = rows.contacts.filter(
        (x) => x.caseId === a.caseId && x.stage === 'appointment_notice' && x.attemptedAt < a.agreedAt,
      );
      expect(notices.length).toBeGreaterThanOrEqual(1);
      // Only the borrower's own addresses are visited.
      const c = must(casesById.get(a.caseId), 'case');
      expect(must(addressesById.get(a.addressId), 'address').borrowerId).toBe(c.borrowerId);
    }
    const future = agreed.filter((a) => localDate(a.slotStart, TZ) >= TODAY);
    expect(future.every((a) => localDate(a.slotStart, TZ) <= addDays(TODAY, 6))).toBe(true);
  });

  it('never plans more than 2 visits for a borrower in any 7 days', () => {
    const appts = byId(rows.appointments);
    const casesById = byId(rows.cases);
    const perBorrower = new Map<string, number[]>();
    for (const v of rows.visits) {
      if (v.status === 'cancelled') continue;
      const a = must(appts.get(v.appointmentId), 'appointment');
      const borrower = must(casesById.get(a.caseId), 'case').borrowerId;
      perBorrower.set(borrower, [...(perBorrower.get(borrower) ?? []), a.slotStart.getTime()]);
    }
    for (const times of perBorrower.values()) {
      times.sort((x, y) => x - y);
      for (let i = 2; i < times.length; i++) {
        expect((times[i] as number) - (times[i - 2] as number)).toBeGreaterThanOrEqual(7 * 24 * 60 * MIN);
      }
    }
  });

  it('routes assigned visits feasibly: in slot, in both shifts, travel respected, no overlap', () => {
    const appts = byId(rows.appointments);
    const addressesById = byId(rows.addresses);
    const agentsById = byId(rows.agents);
    const shiftOf = new Map(rows.shifts.map((sh) => [`${sh.agentId}|${sh.workDate}`, sh]));
    const routed = rows.visits.filter((v) => v.crewId !== null && v.status !== 'cancelled');
    expect(routed.length).toBeGreaterThan(100);
    const byCrew = new Map<string, typeof routed>();
    for (const v of routed) {
      const a = must(appts.get(v.appointmentId), 'appointment');
      const arrival = must(v.plannedArrival ?? undefined, 'planned arrival').getTime();
      expect(arrival).toBeGreaterThanOrEqual(a.slotStart.getTime());
      expect(arrival).toBeLessThanOrEqual(a.slotEnd.getTime());
      const members = rows.crewMembers.filter((m) => m.crewId === v.crewId);
      expect(new Set([v.agentId, v.secondAgentId])).toEqual(new Set(members.map((m) => m.agentId)));
      expect(members.find((m) => m.isLead === 1)?.agentId).toBe(v.agentId);
      for (const agentId of [v.agentId, v.secondAgentId]) {
        const sh = must(shiftOf.get(`${agentId}|${v.visitDate}`), 'shift');
        expect(arrival).toBeGreaterThanOrEqual(sh.startsAt.getTime());
        expect(arrival + v.serviceMinutes * MIN).toBeLessThanOrEqual(sh.endsAt.getTime());
        const agent = must(agentsById.get(agentId ?? ''), 'agent');
        expect(agent.credentialValidFrom <= v.visitDate && agent.credentialValidTo >= v.visitDate).toBe(true);
        for (const skill of v.requiredSkills) {
          const crewSkills = members.flatMap((m) => agentsById.get(m.agentId)?.skills ?? []);
          expect(crewSkills).toContain(skill);
        }
      }
      byCrew.set(v.crewId as string, [...(byCrew.get(v.crewId as string) ?? []), v]);
    }
    for (const list of byCrew.values()) {
      list.sort((x, y) => (x.routePosition ?? 0) - (y.routePosition ?? 0));
      expect(list.map((v) => v.routePosition)).toEqual(list.map((_, i) => i + 1));
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1] as (typeof list)[number];
        const cur = list[i] as (typeof list)[number];
        const from = must(addressesById.get(must(appts.get(prev.appointmentId), 'appt').addressId), 'addr');
        const to = must(addressesById.get(must(appts.get(cur.appointmentId), 'appt').addressId), 'addr');
        const earliest =
          (prev.plannedArrival as Date).getTime() +
          prev.serviceMinutes * MIN +
          travelMinutes(located(from), located(to)) * MIN;
        expect((cur.plannedArrival as Date).getTime()).toBeGreaterThanOrEqual(earliest);
      }
    }
  });

  it("gives the demo agent's crew 4–6 visits today and team 1 a busy day", () => {
    const user = must(
      rows.users.find((u) => u.username === DEMO_USERS.agent),
      'agent user',
    );
    const agent = must(
      rows.agents.find((a) => a.userId === user.id),
      'agent',
    );
    const membership = must(
      rows.crewMembers.find((m) => m.agentId === agent.id && m.workDate === TODAY),
      'crew today',
    );
    expect(membership.isLead).toBe(1);
    const mine = rows.visits.filter((v) => v.crewId === membership.crewId);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine.length).toBeLessThanOrEqual(6);
    expect(mine.every((v) => v.status === 'assigned' && v.visitDate === TODAY)).toBe(true);

    const team1 = rows.visits.filter((v) => v.teamId === agent.teamId && v.visitDate === TODAY);
    expect(team1.length).toBeGreaterThanOrEqual(15);
    expect(team1.length).toBeLessThanOrEqual(25);
    const soon = rows.visits.filter((v) => v.visitDate === TODAY || v.visitDate === addDays(TODAY, 1));
    const unassigned = soon.filter((v) => v.status === 'unassigned').length / soon.length;
    expect(unassigned).toBeGreaterThan(0.05);
    expect(unassigned).toBeLessThan(0.3);
  });

  it('records the past days: completed visits with outcomes, a few missed, plans that add up', () => {
    const past = rows.visits.filter((v) => v.visitDate < TODAY);
    expect(past.some((v) => v.status === 'missed')).toBe(true);
    expect(past.every((v) => ['completed', 'missed', 'cancelled'].includes(v.status))).toBe(true);
    const completed = past.filter((v) => v.status === 'completed');
    expect(completed.length).toBeGreaterThan(30);
    const agentsById = byId(rows.agents);
    for (const v of completed) {
      const outs = rows.outcomes.filter((o) => o.visitId === v.id);
      expect(outs).toHaveLength(1);
      const o = must(outs[0], 'outcome');
      expect(o.version).toBe(1);
      expect(o.idShown).toBe(true);
      expect(o.recordingRefs.length).toBeGreaterThan(0);
      expect(o.recordedBy).toBe(agentsById.get(v.agentId ?? '')?.userId);
      expect(v.checkInAt && v.checkOutAt && v.checkInAt <= v.checkOutAt).toBe(true);
    }
    expect(rows.visits.filter((v) => v.visitDate >= TODAY).every((v) => v.checkInAt === null)).toBe(true);
    const codes = new Set(rows.outcomes.map((o) => o.code));
    for (const code of ['promise_to_pay', 'repayment_plan_agreed', 'borrower_absent'] as const) {
      expect(codes.has(code)).toBe(true);
    }
    for (const o of rows.outcomes.filter((x) => x.code === 'promise_to_pay')) {
      expect(o.promisedAmountCents).toBeGreaterThan(0);
      expect(o.promisedDate).not.toBeNull();
    }
    expect(rows.plans.length).toBe(rows.outcomes.filter((o) => o.code === 'repayment_plan_agreed').length);
    for (const plan of rows.plans) {
      const parts = rows.instalments.filter((i) => i.planId === plan.id);
      expect(parts).toHaveLength(3);
      expect(parts.reduce((sum, i) => sum + i.amountCents, 0)).toBe(plan.totalCents);
    }
  });
});
