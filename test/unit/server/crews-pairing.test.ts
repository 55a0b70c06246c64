import { describe, expect, it } from 'vitest';
import { type AgentOnShift, pairAgents } from '../../../server/modules/teams/crews.pairing';

const at = (h: number) => new Date(Date.UTC(2026, 2, 2, h));
const agent = (name: string, o: Partial<AgentOnShift> = {}): AgentOnShift => ({
  agentId: `id-${name}`,
  fullName: name,
  preferredPartnerId: null,
  skills: [],
  languages: [],
  start: at(1),
  end: at(10),
  ...o,
});
const names = (crews: AgentOnShift[][]) => crews.map((c) => c.map((a) => a.fullName).join('+'));
const NO_MIX = { skills: [], languages: [] };

describe('pairAgents', () => {
  it('a mutual preference wins over a one-sided one, whatever the order the agents come in', () => {
    const agents = [
      agent('A', { preferredPartnerId: 'id-C' }),
      agent('B', { preferredPartnerId: 'id-C' }),
      agent('C', { preferredPartnerId: 'id-B' }),
      agent('D'),
    ];
    expect(names(pairAgents(agents, NO_MIX, true).crews)).toEqual(['A+D', 'B+C']);
    expect(names(pairAgents([...agents].reverse(), NO_MIX, true).crews)).toEqual(['A+D', 'B+C']);
  });

  it('a scarce skill is not spent on a pair that does not need it', () => {
    // Only A and B verify; C would take A first in name order and leave D with nobody able to verify.
    const mix = { skills: ['verification'], languages: [] };
    const agents = [
      agent('A', { skills: ['verification'] }),
      agent('B', { skills: ['verification'] }),
      agent('C'),
      agent('D'),
    ];
    const { crews, unpaired } = pairAgents(agents, mix, true);
    expect(unpaired).toEqual([]);
    for (const c of crews) expect(c.some((a) => a.skills.includes('verification'))).toBe(true);
  });

  it('no shared window, no pair; the rule decides whether a lone agent is a crew', () => {
    const agents = [agent('A'), agent('B', { start: at(10), end: at(18) })];
    expect(pairAgents(agents, NO_MIX, true).unpaired.map((u) => [u.agent.fullName, u.reason])).toEqual([
      ['A', 'CREW_AGENT_UNPAIRED'],
      ['B', 'CREW_AGENT_UNPAIRED'],
    ]);
    expect(names(pairAgents(agents, NO_MIX, false).crews)).toEqual(['A', 'B']);
    const english = { skills: [], languages: ['en'] };
    expect(pairAgents(agents, english, false).unpaired.map((u) => u.reason)).toEqual([
      'CREW_MIX_UNMET',
      'CREW_MIX_UNMET',
    ]);
  });
});
