/** Teams, policy, users, agents, and the daily crews with their shifts. */
import { DEMO_USERS } from '../../../shared/demo';
import { DEFAULT_POLICY } from '../../../shared/domain/policy-defaults';
import { addDays } from '../../../shared/time';
import { atLocal } from './clock';
import { lenderLayout } from './lender';
import { randomMobile, randomName } from './names';
import { Rng } from './random';
import { DISTRICTS, type District, districtByName, randomPointIn } from './shanghai';
import type { AgentPlan, CrewDayPlan, DemoData, GenContext, TeamPlan } from './types';

/** The three demo teams and the districts each covers (first district weighted heaviest). */
const PRESET_TEAMS = [
  { name: '浦东外访一组', districts: ['浦东新区', '黄浦区'], weights: [4, 1] },
  { name: '浦西外访二组', districts: ['徐汇区', '长宁区', '静安区', '闵行区', '松江区'], weights: [3, 2, 2, 2, 1] },
  { name: '北区外访三组', districts: ['普陀区', '虹口区', '杨浦区', '宝山区', '嘉定区'], weights: [2, 2, 3, 2, 1] },
] as const;

/**
 * Where a demo team's borrowers complain: a Shanghai service line per team and the lender's complaint form
 * (fake, but shaped like the real thing, so the borrower pages look as they will in production).
 */
export function demoComplaintChannel(teamIndex: number) {
  return {
    complaintPhone: `021-${6288 + Math.floor(teamIndex / 8)} ${3100 + (teamIndex % 8) * 807}`,
    complaintUrl: `https://kefu.mqxfjr.cn/tousu?zu=${teamIndex + 1}`,
  };
}

/** First and last day that get crews and shifts, relative to today (the demo's three days of history). */
export const CREW_DAYS = { from: -3, to: 6 } as const;

/** The crew days of this dataset: a lender may ask for a longer history (reports over a quarter). */
export function crewDays(ctx: Pick<GenContext, 'lender'>): { from: number; to: number } {
  return { from: -(ctx.lender?.historyDays ?? -CREW_DAYS.from), to: CREW_DAYS.to };
}

const DAY_SHIFT = { start: '08:30', end: '18:30', windowStart: '11:30', windowEnd: '13:30', block: '12:00' };
const LATE_SHIFT = { start: '12:00', end: '21:30', windowStart: '17:00', windowEnd: '19:00', block: '17:30' };
const BREAK_MINUTES = 45;

/** Crews of a team on the 12:00–21:30 shift (the last one when there are three or more), covering evening slots. */
export function lateCrews(crewCount: number): number {
  return crewCount >= 3 ? Math.max(1, Math.round(crewCount / 4)) : 0;
}

interface StaffPlan {
  teams: TeamPlan[];
  agents: AgentPlan[];
  crewDays: CrewDayPlan[];
}

interface TeamLayout {
  name: string;
  districts: District[];
  weights: number[];
  /** Set by the lender layout; the demo splits crews evenly. */
  crewCount?: number;
  region?: number;
}

function teamLayout(ctx: GenContext, crewTotal: number): TeamLayout[] {
  if (ctx.lender) return lenderLayout(ctx.lender.teams, crewTotal);
  const teamCount = crewTotal > 24 ? Math.ceil(crewTotal / 8) : Math.min(3, crewTotal);
  if (teamCount === 3) {
    return PRESET_TEAMS.map((t) => ({
      name: t.name,
      districts: t.districts.map(districtByName),
      weights: [...t.weights],
    }));
  }
  return Array.from({ length: teamCount }, (_, i) => {
    const districts =
      teamCount <= DISTRICTS.length
        ? DISTRICTS.filter((_, d) => Math.floor((d * teamCount) / DISTRICTS.length) === i)
        : [DISTRICTS[i % DISTRICTS.length] as District];
    const first = districts[0] as District;
    return { name: `${first.name.replace(/新区|区$/, '')}外访${i + 1}组`, districts, weights: districts.map(() => 1) };
  });
}

/** A demo team's office: in the middle of its first district, on that district's first road. */
function teamOffice(teamName: string, district: District) {
  const n = district.polygon.length;
  const lat = district.polygon.reduce((sum, p) => sum + p.lat, 0) / n;
  const lng = district.polygon.reduce((sum, p) => sum + p.lng, 0) / n;
  return {
    name: `${teamName}办公室`,
    address: `上海市${district.name}${district.roads[0] ?? ''}88号`,
    lat: Math.round(lat * 1e6) / 1e6,
    lng: Math.round(lng * 1e6) / 1e6,
  };
}

/** Builds the organisation rows and returns the plan later stages route against. */
export function generateStaff(ctx: GenContext, out: DemoData): StaffPlan {
  const { rng, ids, today } = ctx;
  const crewTotal = Math.floor(ctx.agents / 2);
  const layout = teamLayout(ctx, crewTotal);
  const hash = ctx.passwordHash;

  const addUser = (username: string, displayName: string, role: 'admin' | 'dispatcher' | 'manager' | 'agent') => {
    const id = ids.uuid();
    out.users.push({ id, username, displayName, passwordHash: hash, role, locale: 'zh-CN', active: true });
    return id;
  };

  addUser(DEMO_USERS.admin, '系统管理员', 'admin');
  // Bases draw their ids from a stream of their own, so adding them left every other demo id as it was.
  const baseIds = new Rng(0xba5e);
  const baseOf = new Map<number, string>();
  const teams: TeamPlan[] = layout.map((t, index) => {
    const id = ids.uuid();
    out.teams.push({
      id,
      name: t.name,
      code: `SH${String(index + 1).padStart(2, '0')}`,
      city: '上海',
      ...demoComplaintChannel(index),
    });
    out.policySettings.push({
      teamId: id,
      timeZone: ctx.timeZone,
      ...DEFAULT_POLICY,
    });
    const office = teamOffice(t.name, t.districts[0] as District);
    const baseId = baseIds.uuid();
    baseOf.set(index, baseId);
    out.bases.push({ id: baseId, teamId: id, ...office });
    const dispatcherUserId = addUser(
      index === 0 ? DEMO_USERS.dispatcher : `${DEMO_USERS.dispatcher}${index + 1}`,
      randomName(rng).fullName,
      'dispatcher',
    );
    out.userTeams.push({ userId: dispatcherUserId, teamId: id });
    const crewCount =
      t.crewCount ?? Math.floor(crewTotal / layout.length) + (index < crewTotal % layout.length ? 1 : 0);
    return { index, id, name: t.name, districts: t.districts, districtWeights: t.weights, crewCount, dispatcherUserId };
  });
  if (ctx.lender)
    addRegionalManagers(
      layout,
      teams,
      () => randomName(rng).fullName,
      addUser,
      (userId, teamId) => out.userTeams.push({ userId, teamId }),
    );
  else {
    const managerId = addUser(DEMO_USERS.manager, randomName(rng).fullName, 'manager');
    for (const team of teams.slice(0, 2)) out.userTeams.push({ userId: managerId, teamId: team.id });
  }

  const agents: AgentPlan[] = [];
  const pad = ctx.agents + 1 > 99 ? 3 : 2;
  const addAgent = (team: TeamPlan, posInTeam: number, expired: boolean): AgentPlan => {
    const n = agents.length + 1;
    const name = randomName(rng);
    const username = n === 1 ? DEMO_USERS.agent : `${DEMO_USERS.agent}${String(n).padStart(pad, '0')}`;
    const userId = addUser(username, name.fullName, 'agent');
    out.userTeams.push({ userId, teamId: team.id });
    const isLead = posInTeam % 2 === 0;
    const crewIndex = Math.floor(posInTeam / 2);
    const late = crewIndex >= team.crewCount - lateCrews(team.crewCount);
    const skills = ['negotiation'];
    // Leads of three crews in four can verify (the late crew always), so verification visits have somewhere
    // to go while the skill still matters to the planner; English likewise sits in the second and late crews.
    if ((isLead && (late || crewIndex % 4 !== 2)) || rng.chance(0.3)) skills.push('verification');
    if (rng.chance(0.4)) skills.push('dialect:沪语');
    if ((!isLead && (crewIndex === 1 || late)) || rng.chance(0.1)) skills.push('lang:en');
    const languages = [
      'zh-CN',
      ...(skills.includes('dialect:沪语') ? ['wuu'] : []),
      ...(skills.includes('lang:en') ? ['en'] : []),
    ];
    // Leads live in the team's districts in turn, so most of the patch has a crew starting nearby; the late
    // crew (last) lives in the busiest district because evening visits must end with the drive home by 21:30.
    const byWeight = team.districts
      .map((d, i) => ({ d, w: team.districtWeights[i] ?? 0 }))
      .sort((a, b) => b.w - a.w)
      .map((x) => x.d);
    const homeDistrict = isLead
      ? (byWeight[late ? 0 : (crewIndex + 1) % byWeight.length] as District)
      : rng.weighted(team.districts, team.districtWeights);
    const home = randomPointIn(rng, homeDistrict);
    const validFrom = expired ? addDays(today, -rng.int(760, 900)) : addDays(today, -rng.int(60, 700));
    const validTo = expired ? addDays(today, -rng.int(10, 40)) : addDays(validFrom, 730);
    const maxVisits = ctx.lender ? LENDER_MAX_VISITS : 8;
    const agent: AgentPlan = { id: ids.uuid(), userId, teamIndex: team.index, home, skills, maxVisits };
    out.agents.push({
      id: agent.id,
      userId,
      teamId: team.id,
      baseId: baseOf.get(team.index) ?? null,
      fullName: name.fullName,
      badgeNo: `SH-FV-${String(n).padStart(4, '0')}`,
      credentialNo: `SHJR${validFrom.slice(0, 4)}${String(n).padStart(2, '0')}${rng.digits(6)}`,
      credentialValidFrom: validFrom,
      credentialValidTo: validTo,
      phone: randomMobile(rng),
      skills,
      languages,
      homeBaseLat: home.lat,
      homeBaseLng: home.lng,
      maxVisitsPerDay: agent.maxVisits,
    });
    agents.push(agent);
    return agent;
  };

  const teamAgents = teams.map((team) =>
    Array.from({ length: team.crewCount * 2 }, (_, k) => addAgent(team, k, false)),
  );
  // A lapsed credential in the last team, kept out of every crew so the assignment rules have something to refuse.
  const lastTeam = teams[teams.length - 1];
  if (lastTeam) addAgent(lastTeam, lastTeam.crewCount * 2, true);

  const crewDayPlans: CrewDayPlan[] = [];
  const days = crewDays(ctx);
  for (let offset = days.from; offset <= days.to; offset++) {
    const date = addDays(today, offset);
    for (const team of teams) {
      const members = teamAgents[team.index] ?? [];
      for (let c = 0; c < team.crewCount; c++) {
        const lead = members[2 * c] as AgentPlan;
        const partner = members[2 * c + 1] as AgentPlan;
        const late = c >= team.crewCount - lateCrews(team.crewCount);
        crewDayPlans.push(buildCrewDay(ctx, out, team, c, date, lead, partner, late));
      }
    }
  }
  return { teams, agents, crewDays: crewDayPlans };
}

/** A lender's crews run fuller days than the demo's: ten visits, close together inside the team's patch. */
const LENDER_MAX_VISITS = 10;

/** One manager per region of neighbouring teams; the first region's is the demo `manager`. */
function addRegionalManagers(
  layout: readonly TeamLayout[],
  teams: readonly TeamPlan[],
  name: () => string,
  addUser: (username: string, displayName: string, role: 'manager') => string,
  cover: (userId: string, teamId: string) => void,
): void {
  const regions = new Map<number, TeamPlan[]>();
  for (const team of teams) {
    const region = layout[team.index]?.region ?? 0;
    regions.set(region, [...(regions.get(region) ?? []), team]);
  }
  for (const [region, covered] of regions) {
    const userId = addUser(region === 0 ? DEMO_USERS.manager : `${DEMO_USERS.manager}${region + 1}`, name(), 'manager');
    for (const team of covered) cover(userId, team.id);
  }
}

function buildCrewDay(
  ctx: GenContext,
  out: DemoData,
  team: TeamPlan,
  crewIndex: number,
  date: string,
  lead: AgentPlan,
  partner: AgentPlan,
  late: boolean,
): CrewDayPlan {
  const tz = ctx.timeZone;
  const s = late ? LATE_SHIFT : DAY_SHIFT;
  const at = (hhmm: string) => atLocal(date, hhmm, tz);
  const id = ctx.ids.uuid();
  out.crews.push({ id, teamId: team.id, workDate: date, name: `第${crewIndex + 1}组` });
  for (const [agent, isLead] of [
    [lead, 1],
    [partner, 0],
  ] as const) {
    out.crewMembers.push({ crewId: id, agentId: agent.id, workDate: date, isLead });
    out.shifts.push({
      id: ctx.ids.uuid(),
      agentId: agent.id,
      workDate: date,
      startsAt: at(s.start),
      endsAt: at(s.end),
      startLat: lead.home.lat,
      startLng: lead.home.lng,
      endLat: lead.home.lat,
      endLng: lead.home.lng,
      breakStartsAt: at(s.windowStart),
      breakEndsAt: at(s.windowEnd),
      breakMinutes: BREAK_MINUTES,
    });
  }
  const breakStart = at(s.block).getTime();
  return {
    id,
    teamIndex: team.index,
    crewIndex,
    date,
    lead,
    partner,
    shiftStart: at(s.start).getTime(),
    shiftEnd: at(s.end).getTime(),
    breakStart,
    breakEnd: breakStart + BREAK_MINUTES * 60_000,
    base: lead.home,
    skills: new Set([...lead.skills, ...partner.skills]),
  };
}
