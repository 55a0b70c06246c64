/** The pure demo-city generator: options in, rows out; no clock, no Math.random, no database. */
import { addDays } from '../../../shared/time';
import { assignGreedy, type Stop } from './assign';
import { addFollowUps } from './follow-ups';
import { recordPastDay } from './outcomes';
import { generatePortfolio } from './portfolio';
import { Rng } from './random';
import { generateSchedule, teamDayKey } from './schedule';
import { crewDays, generateStaff } from './staff';
import type { CrewDayPlan, DemoData, GenContext, GenerateOptions, VisitPlan } from './types';

/** Share of today's and tomorrow's visits left for the dispatcher to place by hand. */
const UNASSIGNED_SHARE = 0.1;
/** Share of the past days' routed visits the crew never made. */
const MISSED_SHARE = 0.03;

const emptyData = (): DemoData => ({
  teams: [],
  policySettings: [],
  bases: [],
  users: [],
  userTeams: [],
  agents: [],
  shifts: [],
  crews: [],
  crewMembers: [],
  borrowers: [],
  addresses: [],
  cases: [],
  contactAttempts: [],
  appointments: [],
  visits: [],
  outcomes: [],
  repaymentPlans: [],
  instalments: [],
  slotLinks: [],
  followUpProposals: [],
  payments: [],
});

function validate(opts: GenerateOptions): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new Error(`today must be YYYY-MM-DD, got ${opts.today}`);
  if (!Number.isInteger(opts.cases) || opts.cases < 1) throw new Error(`cases must be a positive integer`);
  if (!Number.isInteger(opts.agents) || opts.agents < 2 || opts.agents % 2 !== 0) {
    throw new Error(`agents must be an even number ≥ 2 (agents work in pairs), got ${opts.agents}`);
  }
}

/** Generates the whole demo dataset; the same options always give identical rows. */
export function generateDemo(opts: GenerateOptions): DemoData {
  validate(opts);
  const ctx: GenContext = { ...opts, rng: new Rng(opts.seed), ids: new Rng((opts.seed ^ 0x5bd1e995) >>> 0) };
  const out = emptyData();
  const staff = generateStaff(ctx, out);
  const cases = generatePortfolio(ctx, out, staff.teams);
  const schedule = generateSchedule(ctx, out, staff.teams, cases);

  const crewsOf = new Map<string, CrewDayPlan[]>();
  for (const crew of staff.crewDays) {
    const key = teamDayKey(crew.teamIndex, crew.date);
    crewsOf.set(key, [...(crewsOf.get(key) ?? []), crew]);
  }

  const past: Array<{ crew: CrewDayPlan; stops: Stop[] }> = [];
  for (const team of staff.teams) {
    for (let offset = crewDays(ctx).from; offset <= 1; offset++) {
      const date = addDays(opts.today, offset);
      const key = teamDayKey(team.index, date);
      const crews = crewsOf.get(key) ?? [];
      const visits = schedule.byTeamDay.get(key) ?? [];
      let routed = visits;
      if (offset >= 0) {
        const held = new Set(
          ctx.rng.shuffle(visits.map((v) => v.row.id)).slice(0, Math.round(visits.length * UNASSIGNED_SHARE)),
        );
        routed = visits.filter((v) => !held.has(v.row.id));
      }
      const isDemoCrewToday = (c: CrewDayPlan) => c.teamIndex === 0 && c.crewIndex === 0 && c.date === opts.today;
      const plan = assignGreedy(crews, routed, {
        capFor: (c) => (isDemoCrewToday(c) ? Math.min(6, c.lead.maxVisits) : c.lead.maxVisits),
      });
      const placed = new Set<string>();
      for (const crew of crews) {
        const stops = plan.get(crew.id) ?? [];
        for (const stop of stops) {
          applyStop(crew, stop);
          placed.add(stop.visit.row.id);
        }
        if (offset < 0) past.push({ crew, stops });
      }
      if (offset < 0) for (const v of visits) if (!placed.has(v.row.id)) cancel(v);
    }
  }

  const pastIds = past.flatMap((p) => p.stops.map((s) => s.visit.row.id));
  const missedCount = pastIds.length === 0 ? 0 : Math.max(1, Math.round(pastIds.length * MISSED_SHARE));
  const missed = new Set(ctx.rng.shuffle(pastIds).slice(0, missedCount));
  for (const { crew, stops } of past) recordPastDay(ctx, out, crew, stops, missed);
  addFollowUps(ctx, out, staff.teams, cases);
  return out;
}

function applyStop(crew: CrewDayPlan, stop: Stop): void {
  Object.assign(stop.visit.row, {
    status: 'assigned',
    crewId: crew.id,
    agentId: crew.lead.id,
    secondAgentId: crew.partner.id,
    plannedArrival: new Date(stop.arrival),
    routePosition: stop.position,
  });
}

/** A past slot no crew could reach: the dispatcher called it off with the borrower. */
function cancel(v: VisitPlan): void {
  v.row.status = 'cancelled';
  v.appointment.status = 'cancelled';
  v.appointment.notes = '当日人手不足，已与借款人协商取消';
}
