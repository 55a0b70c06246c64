import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { Meta } from '../../server/trpc/init';
import { appRouter, createCaller } from '../../server/trpc/root';
import { ROLES, type Role } from '../../shared/domain/constants';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';

const ALL = ROLES;
const STAFF_READ: Role[] = ['dispatcher', 'manager', 'admin'];

/**
 * The access decision for every procedure. Adding a procedure without adding it here fails this suite:
 * that is the point — nobody ships an endpoint without deciding who may call it.
 */
const EXPECTED: Record<string, 'public' | readonly Role[]> = {
  'auth.login': 'public',
  'auth.logout': ALL,
  'auth.me': 'public',
  'auth.changePassword': ALL,
  'config.public': 'public',
  'teams.list': ALL,
  'teams.create': ['admin'],
  'teams.update': ['admin'],
  'teams.setPolicy': ['admin'],
  'teams.policyVersions': ['admin'],
  'teams.bases': ['dispatcher', 'admin'],
  'teams.createBase': ['admin'],
  'teams.updateBase': ['admin'],
  'teams.setBaseActive': ['admin'],
  'teams.setupChecklist': ['admin'],
  'crews.day': STAFF_READ,
  'crews.generate': ['dispatcher', 'admin'],
  'crews.swap': ['dispatcher', 'admin'],
  'crews.split': ['dispatcher', 'admin'],
  'crews.merge': ['dispatcher', 'admin'],
  'crews.rename': ['dispatcher', 'admin'],
  'dispatch.day': STAFF_READ,
  'dispatch.teamDays': STAFF_READ,
  'dispatch.teamsPage': STAFF_READ,
  'dispatch.checkMove': ['dispatcher', 'admin'],
  'dispatch.assign': ['dispatcher', 'admin'],
  'dispatch.move': ['dispatcher', 'admin'],
  'dispatch.unassign': ['dispatcher', 'admin'],
  'dispatch.setPinned': ['dispatcher', 'admin'],
  'planning.start': ['dispatcher', 'admin'],
  'planning.status': ['dispatcher', 'admin'],
  'planning.cancel': ['dispatcher', 'admin'],
  'planning.commit': ['dispatcher', 'admin'],
  'jobs.counts': ['admin'],
  'jobs.list': ['admin'],
  'jobs.retry': ['admin'],
  'live.team': STAFF_READ,
  'live.board': STAFF_READ,
  'field.today': ['agent'],
  'field.enRoute': ['agent'],
  'field.checkIn': ['agent'],
  'field.badge': ['agent'],
  'field.badges': ['agent'],
  'fieldConflicts.list': STAFF_READ,
  'fieldConflicts.resolve': ['dispatcher', 'admin'],
  'field.uploadAttachment': ['agent'],
  'field.recordOutcome': ['agent'],
  'field.outcomeVersions': ALL,
  'verify.check': 'public',
  'visits.get': ALL,
  'outcomes.recent': ['manager', 'dispatcher', 'admin'],
  'admin.users': ['admin'],
  'admin.teams': ['admin'],
  'admin.agents': ['admin'],
  'admin.agent': ['admin'],
  'admin.agentOptions': ['admin'],
  'admin.createAgent': ['admin'],
  'admin.updateAgent': ['admin'],
  'admin.setAgentPhoto': ['admin'],
  'admin.createUser': ['admin'],
  'admin.setUserActive': ['admin'],
  'admin.resetPassword': ['admin'],
  'admin.setComplaintChannel': ['admin'],
  'tokens.list': ['admin'],
  'tokens.create': ['admin'],
  'tokens.revoke': ['admin'],
  'calendar.myFeed': ['agent'],
  'calendar.createFeed': ['agent'],
  'calendar.revokeFeed': ['agent'],
  'reports.dashboard': STAFF_READ,
  'reports.visits': STAFF_READ,
  'reports.timeline': STAFF_READ,
  'outbox.caseMessages': STAFF_READ,
  'outbox.visitMessages': STAFF_READ,
  'outbox.failed': STAFF_READ,
  'outbox.templates': ['admin'],
  'outbox.previewTemplate': ['admin'],
  'outbox.saveTemplate': ['admin'],
  'compliance.exceptions': ['manager', 'admin'],
  'compliance.acknowledge': ['manager', 'admin'],
  'complaints.list': STAFF_READ,
  'complaints.handlers': STAFF_READ,
  'complaints.create': STAFF_READ,
  'complaints.assign': ['manager', 'admin'],
  'complaints.resolve': ['manager', 'admin'],
  'audit.verify': ['manager', 'admin'],
  'payments.record': ['manager', 'admin'],
  'payments.importCsv': ['manager', 'admin'],
  'payments.promises': STAFF_READ,
  'payments.proposeFollowUps': STAFF_READ,
  'payments.followUps': STAFF_READ,
  'appointments.worklist': STAFF_READ,
  'appointments.districts': STAFF_READ,
  'appointments.caseFile': STAFF_READ,
  'appointments.slotOptions': STAFF_READ,
  'appointments.logNotice': ['dispatcher', 'admin'],
  'appointments.agree': ['dispatcher', 'admin'],
  'appointments.cancel': ['dispatcher', 'admin'],
  'appointments.createLink': ['dispatcher', 'admin'],
  'messages.sendNotice': ['dispatcher', 'admin'],
  'messages.optOut': STAFF_READ,
  'messages.liftOptOut': STAFF_READ,
  'cases.create': ['dispatcher', 'admin'],
  'intake.validate': ['dispatcher', 'admin'],
  'intake.start': ['dispatcher', 'admin'],
  'intake.run': ['dispatcher', 'admin'],
  'intake.runs': ['dispatcher', 'admin'],
  'intake.sources': ['dispatcher', 'admin'],
  'slots.offer': 'public',
  'slots.confirm': 'public',
  'slots.decline': 'public',
  'roster.range': STAFF_READ,
  'roster.createPattern': ['dispatcher', 'admin'],
  'roster.updatePattern': ['dispatcher', 'admin'],
  'roster.endPattern': ['dispatcher', 'admin'],
  'roster.addException': ['dispatcher', 'admin'],
  'roster.removeException': ['dispatcher', 'admin'],
  'roster.setShift': ['dispatcher', 'admin'],
  'roster.regenerate': ['dispatcher', 'admin'],
  'locations.queue': ['dispatcher', 'admin'],
  'locations.pin': ['dispatcher', 'admin'],
};

type AnyProcedure = { _def: { meta?: Meta; type: string } };
const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;

function call(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], caller);
  return (fn as (i: unknown) => Promise<unknown>)(input);
}

async function errorCodeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

describe('role × procedure access', () => {
  const demo = setUpDemoCity();

  it('every procedure has an access decision recorded here, and its meta matches it', () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [path, proc] of Object.entries(procedures)) {
      const access = proc._def.meta?.access;
      expect(access, `${path} has no access meta`).toBeDefined();
      const expected = EXPECTED[path];
      if (expected === 'public') expect(access, path).toBe('public');
      else expect([...(access as Role[])].sort(), path).toEqual([...(expected ?? [])].sort());
    }
  });

  it('anonymous callers reach only public procedures', async () => {
    const caller = createCaller(makeContext(demo.handle, null));
    for (const path of Object.keys(procedures)) {
      const code = await errorCodeOf(call(caller, path, {}));
      if (EXPECTED[path] === 'public') expect(code, path).not.toBe('UNAUTHORIZED');
      else expect(code, path).toBe('UNAUTHORIZED');
    }
  });

  for (const role of ROLES) {
    it(`${role}: allowed procedures answer, the others are FORBIDDEN before reading input`, async () => {
      const caller = createCaller(makeContext(demo.handle, demo.users[role]));
      for (const path of Object.keys(procedures)) {
        const expected = EXPECTED[path];
        const allowed = expected === 'public' || (expected ?? []).includes(role);
        // An empty input: allowed calls may fail validation (BAD_REQUEST) but never on access.
        const code = await errorCodeOf(call(caller, path, {}));
        if (allowed) {
          expect(code, `${role} → ${path}`).not.toBe('FORBIDDEN');
          expect(code, `${role} → ${path}`).not.toBe('UNAUTHORIZED');
        } else {
          expect(code, `${role} → ${path}`).toBe('FORBIDDEN');
        }
      }
    });
  }
});
