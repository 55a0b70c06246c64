import { describe, expect, it } from 'vitest';
import { busiestTeamDay, generateDemo, lenderLogins } from '../../../server/db/seed';
import { addDays } from '../../../shared/time';

const TODAY = '2026-05-04';
/** The lender's shape at a tenth of its teams: 5 teams, 30 crews (6 a team on average), 300 visits a day. */
const small = (seed = 7) =>
  generateDemo({
    seed,
    cases: 5000,
    agents: 60,
    today: TODAY,
    timeZone: 'Asia/Shanghai',
    passwordHash: 'not-a-real-hash',
    lender: { teams: 5, visitsPerDay: 300 },
  });

const data = small();

describe('lender seed generator (small lender shape)', () => {
  it('builds the organisation: teams with a base, a dispatcher each, regional managers, 30 crews a day', () => {
    expect(data.teams.map((t) => t.code)).toEqual(['SH01', 'SH02', 'SH03', 'SH04', 'SH05']);
    expect(data.bases.map((b) => b.teamId).sort()).toEqual(data.teams.map((t) => t.id).sort());
    expect(data.policySettings).toHaveLength(5);
    expect(data.agents).toHaveLength(61);
    const role = (r: string) => new Set(data.users.filter((u) => u.role === r).map((u) => u.id));
    const dispatchers = role('dispatcher');
    expect(dispatchers.size).toBe(5);
    for (const team of data.teams) {
      const own = data.userTeams.filter((ut) => ut.teamId === team.id && dispatchers.has(ut.userId));
      expect(own).toHaveLength(1);
    }
    const managers = role('manager');
    const covered = data.userTeams.filter((ut) => managers.has(ut.userId));
    expect(new Set(covered.map((ut) => ut.teamId)).size).toBe(5);
    const teamsPerManager = [...managers].map((m) => covered.filter((ut) => ut.userId === m).length);
    expect(Math.max(...teamsPerManager)).toBeGreaterThan(1);
    for (let d = -3; d <= 6; d++) expect(data.crews.filter((c) => c.workDate === addDays(TODAY, d))).toHaveLength(30);
    expect(data.shifts).toHaveLength(600);
  });

  it('holds 5000 open cases and ~300 visits on each of the ten days', () => {
    expect(data.cases).toHaveLength(5000);
    expect(data.borrowers).toHaveLength(5000);
    expect(new Set(data.cases.map((c) => c.loanRef)).size).toBe(5000);
    for (let d = -3; d <= 6; d++) {
      const n = data.visits.filter((v) => v.visitDate === addDays(TODAY, d)).length;
      expect(n).toBeGreaterThanOrEqual(250);
      expect(n).toBeLessThanOrEqual(360);
    }
    expect(data.visits.filter((v) => v.visitDate === TODAY && v.status === 'assigned').length).toBeGreaterThan(200);
    expect(data.outcomes.length).toBeGreaterThan(500);
  });

  it("routes every visit on a crew of the visit's own team, lead and partner of that crew and day", () => {
    const crews = new Map(data.crews.map((c) => [c.id, c]));
    const members = new Map<string, string[]>();
    for (const m of data.crewMembers) members.set(m.crewId, [...(members.get(m.crewId) ?? []), m.agentId]);
    const routed = data.visits.filter((v) => v.crewId);
    expect(routed.length).toBeGreaterThan(1000);
    for (const v of routed) {
      const crew = crews.get(v.crewId as string);
      expect(crew?.teamId).toBe(v.teamId);
      expect(crew?.workDate).toBe(v.visitDate);
      expect(members.get(v.crewId as string)?.sort()).toEqual([v.agentId, v.secondAgentId].sort());
    }
  });

  it('never books a crew twice at once', () => {
    const byCrew = new Map<string, Array<[number, number]>>();
    for (const v of data.visits) {
      if (!v.crewId || !v.plannedArrival || v.status === 'cancelled') continue;
      const start = v.plannedArrival.getTime();
      byCrew.set(v.crewId, [...(byCrew.get(v.crewId) ?? []), [start, start + (v.serviceMinutes ?? 45) * 60_000]]);
    }
    expect(byCrew.size).toBeGreaterThan(100);
    for (const spans of byCrew.values()) {
      spans.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]?.[0]).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? 0);
    }
  });

  it('puts the busiest team-day where the printed logins say: SH01, today', () => {
    const busiest = busiestTeamDay(data);
    expect(busiest.teamCode).toBe(lenderLogins().busiest.teamCode);
    expect(busiest.date).toBe(TODAY);
    const sh01 = data.teams[0]?.id;
    const dispatcher = data.users.find((u) => u.username === lenderLogins().dispatcher);
    expect(data.userTeams.filter((ut) => ut.userId === dispatcher?.id).map((ut) => ut.teamId)).toEqual([sh01]);
    const agent = data.agents.find((a) => a.userId === data.users.find((u) => u.username === lenderLogins().agent)?.id);
    expect(data.visits.some((v) => v.agentId === agent?.id && v.visitDate === TODAY)).toBe(true);
    const manager = data.users.find((u) => u.username === lenderLogins().manager);
    expect(data.userTeams.some((ut) => ut.userId === manager?.id && ut.teamId === sh01)).toBe(true);
  });

  it('is deterministic for one seed and differs for another', () => {
    expect(JSON.stringify(small())).toBe(JSON.stringify(data));
    expect(small(8).cases[0]?.id).not.toBe(data.cases[0]?.id);
    // Two more generations of 5,000 cases: seconds on a busy machine, not the 5 s default.
  }, 60_000);
});
