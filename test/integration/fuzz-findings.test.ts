/**
 * Input-caused server errors the procedure fuzz (fuzz-procedures.test.ts) found behind validation, each
 * reproduced by hand: they answered 500 and must be a 4xx that names the field, writing nothing.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crews, routePlans, users as usersTable } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { addDays } from '../../shared/time';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { settledPlan, usePlanners } from './helpers/plan-run';

describe('server errors the fuzz found behind validation', () => {
  const demo = setUpDemoCity();
  usePlanners(demo);
  const as = (role: 'admin' | 'dispatcher') => createCaller(makeContext(demo.handle, demo.users[role]));
  const codeOf = async (call: Promise<unknown>) => {
    const answer = await clientAnswer(demo.handle, call);
    return { code: answer.code, fields: Object.keys(answer.fieldErrors) };
  };

  it('admin.createUser with a team listed twice: 400 on teamIds, no user', async () => {
    const team = demo.teamId;
    const r = await codeOf(
      as('admin').admin.createUser({
        idempotencyKey: 'fuzz-finding-user-1',
        username: 'twice.listed',
        displayName: 'Twice',
        password: 'long-enough-password',
        role: 'dispatcher',
        teamIds: [team, team],
      }),
    );
    expect(r).toEqual({ code: 'BAD_REQUEST', fields: ['teamIds'] });
    const rows = await demo.handle.db.select().from(usersTable).where(eq(usersTable.username, 'twice.listed'));
    expect(rows).toEqual([]);
  });

  it('planning.commit with a crew that is not in the plan: 404 on crewIds, nothing applied', async () => {
    const dispatcher = as('dispatcher');
    const teamId = demo.teamId;
    const date = addDays(TODAY, 3);
    const { runId } = await dispatcher.planning.start({ teamId, date, timeLimitMs: 200 });
    // Settled, not "up to 20 s": under load a run still running would be refused for that instead.
    await settledPlan(dispatcher, runId);
    const [otherTeamsCrew] = await demo.handle.db
      .select({ id: crews.id })
      .from(crews)
      .where(sql`${crews.teamId} <> ${teamId}`)
      .limit(1);
    const notACrew = '5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    for (const crewId of [notACrew, otherTeamsCrew?.id as string]) {
      const r = await codeOf(
        dispatcher.planning.commit({ runId, crewIds: [crewId], idempotencyKey: `fuzz-${crewId}` }),
      );
      expect(r).toEqual({ code: 'NOT_FOUND', fields: ['crewIds'] });
    }
    expect(await demo.handle.db.select().from(routePlans)).toEqual([]);
  });
});
