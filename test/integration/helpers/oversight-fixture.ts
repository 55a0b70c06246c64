/**
 * A small hand-built team for the oversight tests (KPIs, compliance, payments): its users, agents and crews
 * are written here, its visits, outcomes and instalments in oversight-dataset.ts.
 */
import { randomUUID } from 'node:crypto';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import { type FixtureUser, fixtureAgent, fixtureUser, insertTeams, sessionOf } from './fixture-team';
import { addOversightDataset, D1, D2, D3 } from './oversight-dataset';

/** Builds the team, its dataset and the session users the tests call as. */
export async function buildOversightFixture(handle: DbHandle) {
  const db = handle.db;
  const id = () => randomUUID();
  const team = id();
  const otherTeam = id();
  await insertTeams(db, [
    { id: team, name: 'Fixture team', code: 'FX1', city: 'Shanghai' },
    { id: otherTeam, name: 'Other team', code: 'FX2', city: 'Shanghai' },
  ]);
  const manager = fixtureUser('fx-manager', 'manager');
  const dispatcher = fixtureUser('fx-dispatcher', 'dispatcher');
  const agentUsers = [fixtureUser('fx-a1', 'agent'), fixtureUser('fx-a2', 'agent'), fixtureUser('fx-a3', 'agent')];
  await db.insert(s.users).values([manager, dispatcher, ...agentUsers]);
  await db
    .insert(s.userTeams)
    .values([
      { userId: manager.id, teamId: team },
      { userId: dispatcher.id, teamId: team },
      ...agentUsers.map((u) => ({ userId: u.id, teamId: team })),
    ]);
  const agents = agentUsers.map((u, i) =>
    fixtureAgent({ userId: u.id, teamId: team, fullName: `Agent ${i + 1}`, badgeNo: `FX-${i + 1}` }),
  );
  await db.insert(s.agents).values(agents);
  const [a1, a2, a3] = agents as [(typeof agents)[0], (typeof agents)[0], (typeof agents)[0]];
  const crews = {
    c1: { id: id(), date: D1, lead: a1.id, second: a2.id as string | null },
    c2: { id: id(), date: D1, lead: a3.id, second: null },
    c1b: { id: id(), date: D2, lead: a1.id, second: a2.id },
    c3: { id: id(), date: D3, lead: a1.id, second: a2.id },
  };
  await db
    .insert(s.crews)
    .values(Object.entries(crews).map(([name, c]) => ({ id: c.id, teamId: team, workDate: c.date, name })));
  await db
    .insert(s.crewMembers)
    .values(
      Object.values(crews).flatMap((c) => [
        { crewId: c.id, agentId: c.lead, workDate: c.date, isLead: 1 },
        ...(c.second ? [{ crewId: c.id, agentId: c.second, workDate: c.date, isLead: 0 }] : []),
      ]),
    );

  const data = await addOversightDataset(db, { team, crews, recordedBy: agentUsers[0]?.id as string });

  return {
    team,
    otherTeam,
    crews,
    agents: { a1: a1.id, a2: a2.id, a3: a3.id },
    ...data,
    manager: sessionOf(manager, [team]),
    dispatcher: sessionOf(dispatcher, [team]),
    otherManager: sessionOf(manager, [otherTeam]),
    agentUser: sessionOf(agentUsers[0] as FixtureUser, [team], a1.id),
  };
}
