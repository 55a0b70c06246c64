/**
 * How a day's shifts become crews (SPEC §8.2): pure, so the same shifts always give the same crews. The crews
 * service loads the agents on shift and the team's policy, calls `pairAgents` and writes what it returns.
 */

/** An agent on shift on the day, with what pairing looks at. */
export interface AgentOnShift {
  agentId: string;
  fullName: string;
  preferredPartnerId: string | null;
  skills: string[];
  languages: string[];
  start: Date;
  end: Date;
}

/** What every crew must hold between its members (the team's policy); empty lists ask for nothing. */
export interface CrewMix {
  skills: string[];
  languages: string[];
}

/** Why an agent on shift got no crew. */
export type UnpairedReason = 'CREW_AGENT_UNPAIRED' | 'CREW_MIX_UNMET';

export interface Pairing {
  /** Crews in a stable order (by their first member's name), each lead first. */
  crews: AgentOnShift[][];
  unpaired: Array<{ agent: AgentOnShift; reason: UnpairedReason }>;
}

/** Whether the members hold every required skill and language between them. */
export function holdsMix(members: readonly AgentOnShift[], mix: CrewMix): boolean {
  const skills = new Set(members.flatMap((m) => m.skills));
  const languages = new Set(members.flatMap((m) => m.languages));
  return mix.skills.every((s) => skills.has(s)) && mix.languages.every((l) => languages.has(l));
}

/** Two agents can work as a crew when their shifts overlap (a crew works its members' common window). */
function sharesWindow(a: AgentOnShift, b: AgentOnShift): boolean {
  return Math.max(a.start.getTime(), b.start.getTime()) < Math.min(a.end.getTime(), b.end.getTime());
}

const byName = (a: AgentOnShift, b: AgentOnShift) =>
  a.fullName.localeCompare(b.fullName, 'en') || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);

/**
 * Pairs the agents on shift: first partners who prefer each other, then one-sided preferences, then the rest —
 * most constrained agent first, with the partner that has the fewest other options, so a scarce skill is not
 * spent on a pair that did not need it. A pair must share a working window and hold the team's mix. Who is
 * left is a one-person crew when the two-person rule is off and they hold the mix alone, and reported otherwise.
 */
export function pairAgents(onShift: readonly AgentOnShift[], mix: CrewMix, twoPersonRule: boolean): Pairing {
  const agents = [...onShift].sort(byName);
  const order = new Map(agents.map((a, i) => [a.agentId, i]));
  const byId = new Map(agents.map((a) => [a.agentId, a]));
  const free = new Set(agents.map((a) => a.agentId));
  const pairs: AgentOnShift[][] = [];
  const fits = (a: AgentOnShift, b: AgentOnShift) => sharesWindow(a, b) && holdsMix([a, b], mix);
  const take = (a: AgentOnShift, b: AgentOnShift) => {
    free.delete(a.agentId);
    free.delete(b.agentId);
    pairs.push([a, b].sort(byName));
  };

  for (const mutualOnly of [true, false]) {
    for (const a of agents) {
      const b = a.preferredPartnerId ? byId.get(a.preferredPartnerId) : undefined;
      if (!b || b === a || !free.has(a.agentId) || !free.has(b.agentId)) continue;
      if (mutualOnly && b.preferredPartnerId !== a.agentId) continue;
      if (fits(a, b)) take(a, b);
    }
  }

  for (;;) {
    const left = agents.filter((a) => free.has(a.agentId));
    const options = new Map(left.map((a) => [a.agentId, left.filter((b) => b !== a && fits(a, b))]));
    const count = (a: AgentOnShift) => options.get(a.agentId)?.length ?? 0;
    const first = left.filter((a) => count(a) > 0).sort((a, b) => count(a) - count(b) || byName(a, b))[0];
    if (!first) break;
    const partner = [...(options.get(first.agentId) ?? [])].sort((a, b) => count(a) - count(b) || byName(a, b))[0];
    if (!partner) break;
    take(first, partner);
  }

  const crews = [...pairs];
  const unpaired: Pairing['unpaired'] = [];
  for (const a of agents.filter((x) => free.has(x.agentId))) {
    if (twoPersonRule) unpaired.push({ agent: a, reason: 'CREW_AGENT_UNPAIRED' });
    else if (holdsMix([a], mix)) crews.push([a]);
    else unpaired.push({ agent: a, reason: 'CREW_MIX_UNMET' });
  }
  const rank = (c: AgentOnShift[]) => order.get(c[0]?.agentId ?? '') ?? 0;
  crews.sort((x, y) => rank(x) - rank(y));
  return { crews, unpaired };
}
