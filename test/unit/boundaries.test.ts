import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findViolations, ruleBroken } from '../../scripts/check-boundaries';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Imports that break a boundary today and are still to be moved behind a service (issue #13). The list only
 * shrinks: a new violation fails the first test, and a fixed one fails the second until it is struck off here.
 */
const KNOWN: string[] = [
  "server/modules/appointments/appointments.service.ts -> ../cases/cases.repo: a module calls another module's service, never its repository (cases)",
  "server/modules/appointments/appointments.service.ts -> ../dispatch/dispatch.repo: a module calls another module's service, never its repository (dispatch)",
  "server/modules/appointments/booking.ts -> ../cases/cases.repo: a module calls another module's service, never its repository (cases)",
  "server/modules/appointments/booking.ts -> ../dispatch/dispatch.repo: a module calls another module's service, never its repository (dispatch)",
  "server/modules/appointments/slots.service.ts -> ../cases/cases.repo: a module calls another module's service, never its repository (cases)",
  "server/modules/appointments/slots.service.ts -> ../dispatch/dispatch.repo: a module calls another module's service, never its repository (dispatch)",
  "server/modules/dispatch/dispatch.board.ts -> ../visits/visits.repo: a module calls another module's service, never its repository (visits)",
  "server/modules/field/route.service.ts -> ../visits/visits.repo: a module calls another module's service, never its repository (visits)",
  "server/modules/field/visit-access.ts -> ../visits/visits.repo: a module calls another module's service, never its repository (visits)",
  "server/modules/planning/planning.apply.ts -> ../dispatch/dispatch.repo: a module calls another module's service, never its repository (dispatch)",
];

describe('module boundaries (docs/architecture.md)', () => {
  const violations = findViolations(root);

  it('finds no boundary violation beyond the known ones', () => {
    expect(violations.filter((v) => !KNOWN.includes(v))).toEqual([]);
  });

  it('lists as known only violations that still exist', () => {
    expect(KNOWN.filter((v) => !violations.includes(v))).toEqual([]);
  });

  it("refuses a module importing another module's repository, and allows its service", () => {
    expect(ruleBroken('server/modules/field/x.service.ts', 'server/modules/teams/teams.service')).toBeNull();
    expect(ruleBroken('server/modules/field/x.service.ts', 'server/modules/field/field.repo')).toBeNull();
  });

  it('refuses a repository importing another module or another repository', () => {
    expect(ruleBroken('server/modules/cases/cases.repo.ts', 'server/modules/promises/promises.service')).toMatch(
      /repository never imports another module/,
    );
    expect(ruleBroken('server/modules/cases/cases.repo.ts', 'server/modules/cases/worklist.repo')).toMatch(
      /never calls another repository/,
    );
    expect(ruleBroken('server/modules/cases/cases.repo.ts', 'shared/domain/promises')).toBeNull();
    expect(ruleBroken('server/modules/cases/cases.repo.ts', 'server/trpc/context')).toMatch(/imports only/);
  });

  it('lets repositories of several modules share SQL fragments only through server/db/sql/', () => {
    expect(ruleBroken('server/modules/cases/worklist.repo.ts', 'server/db/sql/promise-state.sql')).toBeNull();
    expect(ruleBroken('server/modules/cases/worklist.repo.ts', 'server/modules/promises/promise-state.sql')).toMatch(
      /repository never imports another module/,
    );
    expect(ruleBroken('server/modules/reports/timeline.repo.ts', 'server/modules/reports/visit-cases.sql')).toBeNull();
    expect(ruleBroken('server/db/sql/notice.sql.ts', 'shared/domain/constants')).toBeNull();
    expect(ruleBroken('server/db/sql/notice.sql.ts', 'drizzle/schema')).toBeNull();
    expect(ruleBroken('server/db/sql/notice.sql.ts', 'server/modules/cases/cases.repo')).toMatch(/SQL fragment/);
    expect(ruleBroken('server/db/sql/notice.sql.ts', 'server/db/client')).toMatch(/SQL fragment/);
  });

  it('refuses server or shared code importing client code, and the solver importing db or tRPC', () => {
    expect(ruleBroken('server/http.ts', 'client/src/lib/trpc')).toMatch(/client/);
    expect(ruleBroken('shared/pii.ts', 'client/src/app/main')).toMatch(/client/);
    expect(ruleBroken('server/solver/index.ts', 'server/db/client')).toMatch(/solver/);
    expect(ruleBroken('server/solver/index.ts', 'server/trpc/init')).toMatch(/solver/);
    expect(ruleBroken('server/solver/index.ts', 'server/solver/model/types')).toBeNull();
  });
});
