/**
 * Named sizes of the seed: the demo city (the default, three teams) and a lender at scale. The lender's logins
 * are fixed by construction (team SH01 has the most crews, so it carries the busiest team-day, today), which
 * lets a benchmark import them instead of guessing; `busiestTeamDay` checks that against generated data.
 */
import { DEMO_PASSWORD, DEMO_USERS } from '../../../shared/demo';
import type { LenderShape } from './lender';
import type { DemoData } from './types';

export interface SeedSize {
  cases: number;
  /** Crew-ready agents (two per crew); one lapsed-credential agent is added on top. */
  agents: number;
  lender?: LenderShape;
}

export const PRESETS = {
  demo: { cases: 600, agents: 24 },
  lender: { cases: 100_000, agents: 600, lender: { teams: 50, visitsPerDay: 3000, historyDays: 90 } },
} as const satisfies Record<string, SeedSize>;

export type PresetName = keyof typeof PRESETS;

export const isPresetName = (name: string): name is PresetName => Object.hasOwn(PRESETS, name);

/** Who to sign in as on the lender preset, one per role, and where the busiest team-day is. */
export function lenderLogins() {
  return {
    password: DEMO_PASSWORD,
    admin: DEMO_USERS.admin,
    /** Dispatcher of team SH01, whose board today is the busiest team-day of the preset. */
    dispatcher: DEMO_USERS.dispatcher,
    /** Regional manager of SH01–SH05. */
    manager: DEMO_USERS.manager,
    /** Lead of SH01's first crew, with a route today. */
    agent: DEMO_USERS.agent,
    busiest: { teamCode: 'SH01', day: 'today' as const },
  };
}

/** The team-day with the most visits (ties: the earlier team, then the earlier date). */
export function busiestTeamDay(data: Pick<DemoData, 'teams' | 'visits'>): {
  teamCode: string;
  date: string;
  visits: number;
} {
  const counts = new Map<string, number>();
  for (const v of data.visits) {
    const key = `${v.teamId} ${v.visitDate}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = new Map(data.teams.map((t, i) => [t.id, i]));
  let best: { teamId: string; date: string; visits: number } | null = null;
  for (const [key, visits] of counts) {
    const [teamId = '', date = ''] = key.split(' ');
    const better =
      !best ||
      visits > best.visits ||
      (visits === best.visits &&
        ((order.get(teamId) ?? 0) < (order.get(best.teamId) ?? 0) || (teamId === best.teamId && date < best.date)));
    if (better) best = { teamId, date, visits };
  }
  const code = data.teams.find((t) => t.id === best?.teamId)?.code ?? '';
  return { teamCode: code, date: best?.date ?? '', visits: best?.visits ?? 0 };
}

/** Console lines with the lender preset's logins, one per role. */
export function lenderLoginsText(busiest: { teamCode: string; date: string; visits: number }, teams: number): string {
  const l = lenderLogins();
  return [
    `Lender logins (password for all: ${l.password})`,
    `  admin       ${l.admin}  (all ${teams} teams: /dispatch?team=all)`,
    `  dispatcher  ${l.dispatcher}  (team ${busiest.teamCode}: busiest team-day ${busiest.date}, ${busiest.visits} visits)`,
    `  manager     ${l.manager}  (regional manager of the first five teams)`,
    `  agent       ${l.agent}  (lead of ${busiest.teamCode}'s crew 1, with a route today)`,
  ].join('\n');
}
