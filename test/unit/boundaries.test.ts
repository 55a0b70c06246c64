import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findViolations, ruleBroken, sqlOutsideRepository } from '../../scripts/check-boundaries';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('module boundaries (docs/architecture.md)', () => {
  const violations = findViolations(root);

  // No list of accepted exceptions: every import that breaks a rule fails here, with the rule it breaks.
  it('finds no boundary violation in server/ and shared/', () => {
    expect(violations).toEqual([]);
  });

  it("refuses a module importing another module's repository, and allows its service", () => {
    expect(ruleBroken('server/modules/field/x.service.ts', 'server/modules/teams/teams.service')).toBeNull();
    expect(ruleBroken('server/modules/field/x.service.ts', 'server/modules/field/field.repo')).toBeNull();
    expect(ruleBroken('server/modules/field/x.service.ts', 'server/modules/visits/visits.repo')).toMatch(
      /never its repository \(visits\)/,
    );
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

  it('refuses SQL in a service or bus file of a module; its repository holds it', () => {
    const lock = 'await tx.execute(sql`select id from teams where id = 1 for update`);';
    expect(sqlOutsideRepository('server/modules/appointments/slots.service.ts', lock)).toMatch(/repository/);
    expect(
      sqlOutsideRepository('server/modules/live/live.bus.ts', 'const rows = await db.select({ id }).from(t);'),
    ).toMatch(/repository/);
    expect(sqlOutsideRepository('server/modules/live/live.bus.ts', 'await db.execute(x);')).toMatch(/repository/);
    expect(sqlOutsideRepository('server/modules/appointments/appointments.repo.ts', lock)).toBeNull();
    expect(
      sqlOutsideRepository('server/modules/live/live.bus.ts', 'await notifyChannel(deps.db, CHANNEL, payload);'),
    ).toBeNull();
    expect(sqlOutsideRepository('server/db/migrate.ts', lock)).toBeNull();
  });
});
